package dev.taskplatform.taskapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.topics.TopicProvisioning;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.EmbeddedKafkaCluster;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable on a real cluster: three brokers, topics with replication factor 3 created by
 * task-api itself (so {@code min.insync.replicas} 2). The leader of a
 * {@code task.created} partition is stopped under load: every task answered 201 reaches
 * Kafka, each task's events in order, and a consumer goes on. With a second broker away,
 * one replica is in sync: Kafka refuses the writes a third failure would lose, so they
 * wait in the outbox instead of being acknowledged, and go out once a broker returns.
 */
class ReplicatedKafkaIntegrationTests {

	private static EmbeddedKafkaCluster kafka;

	private static ConfigurableApplicationContext application;

	private static TaskApiClient http;

	@BeforeAll
	static void startClusterAndTaskApi() {
		kafka = EmbeddedKafkaCluster.start(3);
		Map<String, Object> properties = new LinkedHashMap<>(
				SpringProperties.r2dbc(PostgresServer.shared().createDatabase(), kafka.bootstrapServers()));
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("task-api.kafka.topics.replication-factor", "3");
		properties.putAll(BrokerOutageIntegrationTests.quickRetries());
		application = new SpringApplicationBuilder(TaskApiApplication.class)
			.run(SpringProperties.asArguments(properties));
		http = TaskApiClient.of(application);
	}

	@AfterAll
	static void stop() {
		application.close();
		kafka.close();
	}

	@Test
	void noAcceptedTaskIsLostWhenAPartitionLeaderStopsUnderLoad() throws Exception {
		try (Admin admin = admin()) {
			Config config = admin
				.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.TASK_CREATED)))
				.all()
				.get(10, TimeUnit.SECONDS)
				.values()
				.iterator()
				.next();
			assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
			TopicDescription created = describe(admin, Topics.TASK_CREATED);
			assertThat(created.partitions()).allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3));

			try (TopicRecorder topics = TopicRecorder.start(kafka.bootstrapServers(), Topics.TASK_CREATED,
					Topics.TASK_COMPLETED)) {
				SteadyLoad load = SteadyLoad.start(List.of(http), 8);
				await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted().size() >= 100);
				int leader = created.partitions().get(0).leader().id();
				kafka.stopBroker(leader);
				int acceptedAtStop = load.accepted().size();
				// the load goes on beside two replicas, and is published
				await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted().size() >= acceptedAtStop + 200);
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(describe(admin, Topics.TASK_CREATED).partitions().get(0).leader())
						.isNotNull()
						.satisfies((node) -> assertThat(node.id()).isNotEqualTo(leader)));
				load.stop();
				assertEverythingPublished(topics, load.accepted(), load.completed());

				// a second broker away: one replica left
				// in sync, fewer than min.insync.replicas
				int second = (leader + 1) % 3;
				kafka.stopBroker(second);
				try {
					SteadyLoad held = SteadyLoad.start(List.of(http), 2);
					await().atMost(Duration.ofSeconds(30)).until(() -> held.accepted().size() >= 20);
					held.stop();
					// refused, not acknowledged: the events wait in the outbox
					await().during(Duration.ofSeconds(5))
						.atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(topics.keys(Topics.TASK_CREATED))
							.doesNotContainAnyElementsOf(held.accepted()));
					assertThat(backlog()).isGreaterThanOrEqualTo(held.accepted().size());
					kafka.startBroker(second);
					assertEverythingPublished(topics, held.accepted(), held.completed());
				}
				finally {
					if (!isRunning(admin, second)) {
						kafka.startBroker(second);
					}
				}
			}
			finally {
				if (!isRunning(admin, leader(created))) {
					kafka.startBroker(leader(created));
				}
			}
		}
	}

	@Test
	void aReplicatedTopicWithoutMinInsyncReplicasIsReported() throws Exception {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic("created.by.hand", 1, (short) 3))).all().get(10, TimeUnit.SECONDS);
			Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());

			assertThat(TopicProvisioning.weaklyReplicated(config, List.of("created.by.hand", Topics.TASK_CREATED),
					Duration.ofSeconds(10)))
				.containsOnlyKeys("created.by.hand")
				.containsEntry("created.by.hand", new TopicProvisioning.Replication(3, 1));
			assertThat(TopicProvisioning
				.ensureTopics(config, List.of("created.by.hand"), 1, (short) 3, 2, Duration.ofSeconds(10))
				.warnings()).singleElement(InstanceOfAssertFactories.STRING)
				.contains("created.by.hand", "min.insync.replicas 1", "--add-config min.insync.replicas=2");
		}
	}

	private static void assertEverythingPublished(TopicRecorder topics, Set<String> accepted, Set<String> completed) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(accepted);
			assertThat(topics.keys(Topics.TASK_COMPLETED)).containsAll(completed);
		});
		PerTaskOrder.assertEachTaskCompletedAfterItWasCreated(topics, completed);
	}

	private static double backlog() {
		return http.metrics()
			.lines()
			.filter((line) -> line.startsWith("outbox_backlog_rows{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(-1);
	}

	private static int leader(TopicDescription description) {
		return description.partitions().get(0).leader().id();
	}

	private static boolean isRunning(Admin admin, int broker) throws Exception {
		return admin.describeCluster()
			.nodes()
			.get(10, TimeUnit.SECONDS)
			.stream()
			.anyMatch((node) -> node.id() == broker);
	}

	private static TopicDescription describe(Admin admin, String topic) throws Exception {
		return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
	}

}
