package dev.taskplatform.taskapi.publishing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at startup that the Kafka cluster answers within a bounded time, and creates the
 * topics task-api publishes to if they are missing. A service that starts but cannot
 * publish would pile up its outbox silently: failing here makes the problem loud.
 */
class KafkaClusterCheck {

	private static final Logger logger = LoggerFactory.getLogger(KafkaClusterCheck.class);

	private final Map<String, Object> adminProperties;

	private final KafkaPublishingProperties properties;

	KafkaClusterCheck(Map<String, Object> adminProperties, KafkaPublishingProperties properties) {
		this.adminProperties = adminProperties;
		this.properties = properties;
	}

	/**
	 * Fails unless the cluster answers and all topics exist afterwards.
	 * @throws KafkaUnreachableException if the cluster does not answer in time
	 */
	void verify() {
		long timeoutMs = this.properties.startupTimeout().toMillis();
		Object bootstrap = this.adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		Map<String, Object> config = new java.util.HashMap<>(this.adminProperties);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
		try (Admin admin = Admin.create(config)) {
			Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
				.nodes()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			logger.info("Kafka cluster at {} answered with {} broker(s)", bootstrap, nodes.size());
			createMissingTopics(admin, timeoutMs);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaUnreachableException(bootstrap, this.properties.startupTimeout(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnreachableException(bootstrap, this.properties.startupTimeout(), ex);
		}
	}

	private void createMissingTopics(Admin admin, long timeoutMs)
			throws InterruptedException, ExecutionException, TimeoutException {
		Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
		KafkaPublishingProperties.Topics topics = this.properties.topics();
		List<NewTopic> missing = Stream.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED)
			.filter((topic) -> !existing.contains(topic))
			.map((topic) -> new NewTopic(topic, topics.partitions(), topics.replicationFactor()))
			.toList();
		if (missing.isEmpty()) {
			return;
		}
		try {
			admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
			logger.info("Created topics {} ({} partitions, replication factor {})",
					missing.stream().map(NewTopic::name).toList(), topics.partitions(), topics.replicationFactor());
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
			// another replica created them first
		}
	}

	/**
	 * The cluster did not answer in time; the message says where and how long.
	 */
	static class KafkaUnreachableException extends IllegalStateException {

		KafkaUnreachableException(Object bootstrap, java.time.Duration timeout, Throwable cause) {
			super("Kafka is unreachable at " + bootstrap + " (no answer within " + timeout.toMillis()
					+ " ms): task-api will not start, since it could not publish its events. Check "
					+ "spring.kafka.bootstrap-servers (SPRING_KAFKA_BOOTSTRAP_SERVERS) or raise "
					+ "task-api.kafka.startup-timeout.", cause);
		}

	}

}
