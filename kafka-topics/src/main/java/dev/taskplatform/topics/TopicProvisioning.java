package dev.taskplatform.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
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
 * <p>
 * Each call opens an admin client of its own ({@link AdminCalls}); the checks of existing
 * topics are {@link ExistingTopics}.
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
		return AdminCalls.withAdmin(adminConfig, timeout, (admin, timeoutMs) -> {
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
					ExistingTopics.replicationWarnings(admin, present, timeoutMs));
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
		return AdminCalls.withAdmin(adminConfig, timeout,
				(admin, timeoutMs) -> ExistingTopics.retention(admin, topics, timeoutMs));
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
		return AdminCalls.withAdmin(adminConfig, timeout,
				(admin, timeoutMs) -> ExistingTopics.weaklyReplicated(admin, distinct, timeoutMs));
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
