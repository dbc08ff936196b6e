package dev.taskplatform.taskapi;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.EmbeddedKafkaCluster;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * What the outbox is for: while Kafka is away the API keeps accepting tasks, and nothing
 * accepted is lost, whether the broker comes back or task-api restarts meanwhile. Each
 * test runs task-api as a whole application against a broker it can stop.
 */
class BrokerOutageIntegrationTests {

	private static EmbeddedKafkaCluster kafka;

	private final List<ConfigurableApplicationContext> applications = new ArrayList<>();

	@BeforeAll
	static void startKafka() {
		kafka = EmbeddedKafkaCluster.start();
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@AfterEach
	void stopApplications() {
		this.applications.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void acceptsTasksWhileTheBrokerIsDownAndPublishesThemPerTaskInOrderWhenItReturns() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		ConfigurableApplicationContext application = startTaskApi(database, kafka.bootstrapServers());
		WebTestClient http = client(application);
		try (TopicRecorder topics = TopicRecorder.start(kafka.bootstrapServers(), Topics.TASK_CREATED,
				Topics.TASK_COMPLETED)) {
			kafka.stopBroker();
			List<String> created = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					created.add(createTask(http, "Written during the outage " + i));
				}
				for (String id : created.subList(0, 5)) {
					http.post().uri("/tasks/{id}/complete", id).exchange().expectStatus().isOk();
				}
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(metrics(application))
						.contains("outbox_backlog_rows{application=\"task-api\"} 25.0"));
			}
			finally {
				kafka.startBroker();
			}

			await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
				assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(created);
				assertThat(topics.keys(Topics.TASK_COMPLETED)).containsAll(created.subList(0, 5));
			});
			PerTaskOrder.assertEachTaskCompletedAfterItWasCreated(topics, created.subList(0, 5));
			// an outage is no record's own fault: nothing was parked, nothing is left
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(metrics(application)).contains(
						"outbox_parked_rows{application=\"task-api\"} 0.0",
						"outbox_backlog_rows{application=\"task-api\"} 0.0"));
		}
	}

	@Test
	void restartWithABacklogLosesNothing() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		ConfigurableApplicationContext first = startTaskApi(database, kafka.bootstrapServers());
		List<String> created = new ArrayList<>();
		try (TopicRecorder topics = TopicRecorder.start(kafka.bootstrapServers(), Topics.TASK_CREATED)) {
			kafka.stopBroker();
			try {
				for (int i = 0; i < 10; i++) {
					created.add(createTask(client(first), "Left in the outbox " + i));
				}
				first.close();
			}
			finally {
				kafka.startBroker();
			}

			startTaskApi(database, kafka.bootstrapServers());

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(created));
		}
	}

	@Test
	void twoReplicasOnOneDatabasePublishEachEventOnce() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		List<WebTestClient> replicas = List.of(client(startTaskApi(database, kafka.bootstrapServers())),
				client(startTaskApi(database, kafka.bootstrapServers())));
		try (TopicRecorder topics = TopicRecorder.start(kafka.bootstrapServers(), Topics.TASK_CREATED,
				Topics.TASK_COMPLETED)) {
			List<String> created = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				created.add(createTask(replicas.get(i % 2), "Replica " + (i % 2) + " task " + i));
			}
			for (String id : created.subList(0, 10)) {
				replicas.get(1).post().uri("/tasks/{id}/complete", id).exchange().expectStatus().isOk();
			}

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(created);
				assertThat(topics.keys(Topics.TASK_COMPLETED)).containsAll(created.subList(0, 10));
			});
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(topics.keys(Topics.TASK_CREATED).stream().filter(created::contains)).doesNotHaveDuplicates();
				assertThat(topics.keys(Topics.TASK_COMPLETED)).doesNotHaveDuplicates();
			});
			PerTaskOrder.assertEachTaskCompletedAfterItWasCreated(topics, created.subList(0, 10));
		}
	}

	@Test
	void aRowThatCannotBePublishedDoesNotHoldUpTheOthers() throws SQLException {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		ConfigurableApplicationContext application = startTaskApi(database, kafka.bootstrapServers());
		WebTestClient http = client(application);
		try (TopicRecorder topics = TopicRecorder.start(kafka.bootstrapServers(), Topics.TASK_CREATED)) {
			// a row for a topic that does not exist
			// (auto-creation is off): its sends fail
			try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
					database.password()); Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO outbox_events (topic, message_key, headers, payload) VALUES "
						+ "('no.such.topic', 'stuck', '{}', '\\x7b7d'::bytea)");
			}
			List<String> created = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				created.add(createTask(http, "Beside a stuck row " + i));
			}

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(created));
			// the stuck row is parked, with nothing left unpublished
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(metrics(application)).contains(
						"outbox_parked_rows{application=\"task-api\"} 1.0",
						"outbox_backlog_rows{application=\"task-api\"} 0.0"));
		}
	}

	@Test
	void refusesToStartWhenKafkaIsUnreachable() throws IOException {
		String nowhere = "localhost:" + freePort();
		Map<String, Object> properties = new LinkedHashMap<>(
				SpringProperties.r2dbc(PostgresServer.shared().createDatabase(), nowhere));
		properties.put("task-api.kafka.startup-timeout", "2s");

		assertThatException().isThrownBy(() -> start(properties))
			.withStackTraceContaining("Kafka is unreachable at [" + nowhere + "]")
			.withStackTraceContaining("task-api will not start");
	}

	private ConfigurableApplicationContext startTaskApi(PostgresDatabase database, String bootstrapServers) {
		Map<String, Object> properties = new LinkedHashMap<>(SpringProperties.r2dbc(database, bootstrapServers));
		properties.putAll(quickRetries());
		properties.put("task-api.outbox.poll-interval", "200ms");
		properties.put("task-api.outbox.park-after", "3s");
		ConfigurableApplicationContext application = start(properties);
		this.applications.add(application);
		return application;
	}

	/**
	 * While a broker is away, sends fail quickly and are retried often, so that a test of
	 * it is short.
	 * @return task-api's settings for it
	 */
	static Map<String, Object> quickRetries() {
		return Map.of("spring.kafka.producer.properties.max.block.ms", "2000",
				"spring.kafka.producer.properties.request.timeout.ms", "2000",
				"spring.kafka.producer.properties.delivery.timeout.ms", "3000", "task-api.outbox.max-backoff", "1s",
				"task-api.outbox.metrics-interval", "200ms");
	}

	private static ConfigurableApplicationContext start(Map<String, Object> properties) {
		Map<String, Object> withRandomPort = new LinkedHashMap<>(properties);
		withRandomPort.put("server.port", "0");
		withRandomPort.put("management.server.port", "0");
		return new SpringApplicationBuilder(TaskApiApplication.class).run(SpringProperties.asArguments(withRandomPort));
	}

	private static WebTestClient client(ConfigurableApplicationContext application) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + application.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	private static String createTask(WebTestClient http, String title) {
		Map<String, Object> task = http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return (String) task.get("id");
	}

	private static String metrics(ConfigurableApplicationContext application) {
		return TaskApiClient.prometheus(TaskApiClient.of(application).management()).block(Duration.ofSeconds(30));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
