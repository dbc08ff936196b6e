package dev.taskplatform.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What every service does with Kafka at startup: check that the cluster answers within a
 * bounded time (fast failure beats a service that starts but cannot work), then create
 * the topics it needs that are missing. Existing topics are never changed: adding
 * partitions to a topic would move keys and break per-task order.
 * <p>
 * A topic created here has {@code min.insync.replicas} set (by default
 * {@link #defaultMinInsyncReplicas min(2, replication factor)}): with {@code acks=all}, a
 * write is then acknowledged only once at least that many replicas have it, so the loss
 * of one broker never loses an acknowledged event. Without it (the broker's default is 1)
 * a partition whose followers have fallen out of sync acknowledges writes that only its
 * leader holds.
 */
public final class TopicProvisioning {

	private TopicProvisioning() {
	}

	/**
	 * The {@code min.insync.replicas} of a topic created with no other setting: 2 with
	 * two replicas or more (one broker may fail without losing an acknowledged write), 1
	 * for a single replica (a development cluster).
	 * @param replicationFactor the topic's replication factor
	 * @return {@code min(2, replicationFactor)}
	 */
	public static int defaultMinInsyncReplicas(short replicationFactor) {
		return Math.min(2, replicationFactor);
	}

	/**
	 * Checks the cluster and creates the missing topics.
	 * @param adminConfig Kafka admin client settings (bootstrap servers, security)
	 * @param topics the topics needed
	 * @param partitions partitions of a topic created here
	 * @param replicationFactor replication factor of a topic created here
	 * @param minInsyncReplicas {@code min.insync.replicas} of a topic created here, at
	 * most {@code replicationFactor}
	 * @param timeout how long the cluster may take to answer
	 * @return the topics created (empty if all existed), and a warning for each topic
	 * that existed and that a broker failure could lose acknowledged records of
	 * ({@link #weaklyReplicated}), or one saying that could not be checked
	 * @throws KafkaUnreachableException if the cluster does not answer in time
	 */
	public static Provisioned ensureTopics(Map<String, Object> adminConfig, Collection<String> topics, int partitions,
			short replicationFactor, int minInsyncReplicas, Duration timeout) {
		if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
			throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor ("
					+ replicationFactor + "), not " + minInsyncReplicas);
		}
		return withAdmin(adminConfig, timeout, (admin, timeoutMs) -> {
			admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
				.nodes()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
			List<String> needed = topics.stream().distinct().toList();
			List<NewTopic> missing = needed.stream()
				.filter((topic) -> !existing.contains(topic))
				.map((topic) -> new NewTopic(topic, partitions, replicationFactor)
					.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas))))
				.toList();
			if (!missing.isEmpty()) {
				create(admin, missing, timeoutMs);
			}
			// the topics created here are replicated as asked: the others are checked
			List<String> present = needed.stream().filter(existing::contains).toList();
			return new Provisioned(missing.stream().map(NewTopic::name).toList(),
					replicationWarnings(admin, present, timeoutMs));
		});
	}

	/**
	 * What {@link #ensureTopics} did and found.
	 *
	 * @param created the topics created (empty if all existed)
	 * @param warnings what to warn an operator of: each existing topic a broker failure
	 * could lose acknowledged records of, with the command that fixes it, or that this
	 * could not be checked (not a reason to stop)
	 */
	public record Provisioned(List<String> created, List<String> warnings) {
	}

	/**
	 * How long the cluster keeps the records of each topic ({@code retention.ms}).
	 * @param adminConfig Kafka admin client settings (bootstrap servers, security)
	 * @param topics existing topics
	 * @param timeout how long the cluster may take to answer
	 * @return per topic its retention, empty for a topic kept forever
	 * @throws KafkaUnreachableException if the cluster does not answer in time
	 */
	public static Map<String, Optional<Duration>> retention(Map<String, Object> adminConfig, Collection<String> topics,
			Duration timeout) {
		return withAdmin(adminConfig, timeout, (admin, timeoutMs) -> {
			List<ConfigResource> resources = topics.stream()
				.distinct()
				.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
				.toList();
			Map<String, Optional<Duration>> retention = new LinkedHashMap<>();
			admin.describeConfigs(resources)
				.all()
				.get(timeoutMs, TimeUnit.MILLISECONDS)
				.forEach((resource, topicConfig) -> {
					ConfigEntry entry = topicConfig.get(TopicConfig.RETENTION_MS_CONFIG);
					long millis = (entry != null && entry.value() != null) ? Long.parseLong(entry.value()) : -1;
					retention.put(resource.name(),
							(millis < 0) ? Optional.empty() : Optional.of(Duration.ofMillis(millis)));
				});
			return retention;
		});
	}

	/**
	 * The topics that a broker failure could lose acknowledged records of: replicated,
	 * but with a {@code min.insync.replicas} below {@link #defaultMinInsyncReplicas
	 * min(2, replication factor)} (topics created before this setting, or by hand).
	 * Existing topics are never changed here: the services warn, the operator raises it.
	 * @param adminConfig Kafka admin client settings (bootstrap servers, security)
	 * @param topics existing topics
	 * @param timeout how long the cluster may take to answer
	 * @return per such topic, its replication factor and {@code min.insync.replicas}
	 * @throws KafkaUnreachableException if the cluster does not answer in time
	 */
	public static Map<String, Replication> weaklyReplicated(Map<String, Object> adminConfig, Collection<String> topics,
			Duration timeout) {
		List<String> distinct = topics.stream().distinct().toList();
		return withAdmin(adminConfig, timeout, (admin, timeoutMs) -> weaklyReplicated(admin, distinct, timeoutMs));
	}

	private static Map<String, Replication> weaklyReplicated(Admin admin, List<String> topics, int timeoutMs)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<String, Replication> weak = new LinkedHashMap<>();
		if (topics.isEmpty()) {
			return weak;
		}
		Map<String, Integer> replicas = new HashMap<>();
		admin.describeTopics(topics)
			.allTopicNames()
			.get(timeoutMs, TimeUnit.MILLISECONDS)
			.forEach((topic, description) -> replicas.put(topic,
					description.partitions().stream().mapToInt((p) -> p.replicas().size()).min().orElse(0)));
		admin
			.describeConfigs(
					topics.stream().map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList())
			.all()
			.get(timeoutMs, TimeUnit.MILLISECONDS)
			.forEach((resource, topicConfig) -> {
				ConfigEntry entry = topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
				int minInsync = (entry != null && entry.value() != null) ? Integer.parseInt(entry.value()) : 1;
				int factor = replicas.getOrDefault(resource.name(), 0);
				if (minInsync < defaultMinInsyncReplicas((short) factor)) {
					weak.put(resource.name(), new Replication(factor, minInsync));
				}
			});
		return weak;
	}

	private static List<String> replicationWarnings(Admin admin, List<String> topics, int timeoutMs)
			throws InterruptedException {
		try {
			return weaklyReplicated(admin, topics, timeoutMs).entrySet()
				.stream()
				.map((topic) -> topic.getValue().warning(topic.getKey()))
				.toList();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			return List.of("Could not check the topics' min.insync.replicas: " + ex.getMessage());
		}
	}

	/**
	 * Runs a call with an admin client whose requests time out with {@code timeout}; a
	 * cluster that does not answer in time is a {@link KafkaUnreachableException}.
	 */
	private static <T> T withAdmin(Map<String, Object> adminConfig, Duration timeout, AdminCall<T> call) {
		int timeoutMs = (int) timeout.toMillis();
		Map<String, Object> config = new HashMap<>(adminConfig);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		Object bootstrap = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		try (Admin admin = Admin.create(config)) {
			return call.apply(admin, timeoutMs);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaUnreachableException(bootstrap, timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnreachableException(bootstrap, timeout, ex);
		}
	}

	@FunctionalInterface
	private interface AdminCall<T> {

		T apply(Admin admin, int timeoutMs) throws InterruptedException, ExecutionException, TimeoutException;

	}

	/**
	 * How a topic is replicated.
	 *
	 * @param factor its replication factor (the fewest replicas of its partitions)
	 * @param minInsyncReplicas its {@code min.insync.replicas}
	 */
	public record Replication(int factor, int minInsyncReplicas) {

		/**
		 * What to tell an operator.
		 * @param topic the topic
		 * @return a warning with the command that fixes it
		 */
		public String warning(String topic) {
			return "Topic " + topic + " has " + this.factor + " replicas but min.insync.replicas "
					+ this.minInsyncReplicas
					+ ": with acks=all, a write only one replica holds is acknowledged, and one broker failure can lose "
					+ "it. Raise it: kafka-configs.sh --alter --entity-type topics --entity-name " + topic
					+ " --add-config min.insync.replicas=" + defaultMinInsyncReplicas((short) this.factor);
		}

	}

	private static void create(Admin admin, List<NewTopic> missing, int timeoutMs)
			throws InterruptedException, ExecutionException, TimeoutException {
		try {
			admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// another service or replica created some of them first: fine
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

	/**
	 * The cluster did not answer in time; the message says where and how long.
	 */
	public static class KafkaUnreachableException extends IllegalStateException {

		KafkaUnreachableException(Object bootstrap, Duration timeout, Throwable cause) {
			super("Kafka is unreachable at " + bootstrap + " (no answer within " + timeout.toMillis() + " ms)", cause);
		}

	}

}
