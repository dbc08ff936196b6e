package dev.taskplatform.taskapi;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of task-api while it accepts and publishes: two replicas run as processes of
 * their own on one database; the one that relays is killed in the middle of a load, with
 * rows committed and not yet published, records sent and not yet acknowledged, and a mark
 * not yet stored. The other replica takes the relay over, and every task that was
 * answered 201 by either is published, each task's events in order.
 */
class KilledReplicaIntegrationTests {

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void killReplicas() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void theOtherReplicaTakesTheRelayOverAndNothingAnsweredIsLost() throws Exception {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		String kafka = KafkaServer.shared().bootstrapServers();
		try (TopicRecorder topics = TopicRecorder.start(kafka, Topics.TASK_CREATED, Topics.TASK_COMPLETED)) {
			Replica first = launch(database, kafka, "first");
			// the first replica holds the relay lock before the second starts
			await().atMost(Duration.ofSeconds(30))
				.until(() -> first.metrics().contains("outbox_relay_leader{application=\"task-api\"} 1.0"));
			Replica second = launch(database, kafka, "second");

			SteadyLoad load = SteadyLoad.start(List.of(first.http(), second.http()), 16);
			// killed in the middle of the load, which goes on through the other replica
			await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted().size() >= 100);
			first.process().destroyForcibly();
			await().atMost(Duration.ofSeconds(30)).until(() -> !first.process().isAlive());
			int acceptedAtKill = load.accepted().size();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted().size() >= acceptedAtKill + 100);
			load.stop();
			Set<String> accepted = load.accepted();
			Set<String> completed = load.completed();

			assertThat(first.process().isAlive()).isFalse();
			assertThat(accepted).hasSizeGreaterThan(100);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(second.metrics())
					.contains("outbox_relay_leader{application=\"task-api\"} 1.0"));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(accepted);
				assertThat(topics.keys(Topics.TASK_COMPLETED)).containsAll(completed);
			});
			PerTaskOrder.assertEachTaskCompletedAfterItWasCreated(topics, completed);
		}
	}

	private Replica launch(PostgresDatabase database, String kafka, String name) throws IOException {
		int port = freePort();
		Map<String, Object> properties = new java.util.LinkedHashMap<>(SpringProperties.r2dbc(database, kafka));
		properties.put("server.port", port);
		int managementPort = freePort();
		properties.put("management.server.port", managementPort);
		properties.put("task-api.outbox.takeover-interval", "200ms");
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), TaskApiApplication.class.getName()));
		command.addAll(List.of(SpringProperties.asArguments(properties)));
		Path log = Files.createDirectories(Path.of("target", "killed-replica")).resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		Replica replica = new Replica(process, TaskApiClient.onPorts(port, managementPort));
		await().atMost(Duration.ofSeconds(60)).until(() -> replica.http().ready());
		return replica;
	}

	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Replica(Process process, TaskApiClient http) {

		String metrics() {
			return this.http.metrics();
		}

	}

}
