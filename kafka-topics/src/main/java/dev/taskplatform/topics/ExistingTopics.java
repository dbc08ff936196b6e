package dev.taskplatform.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import dev.taskplatform.topics.TopicProvisioning.Replication;

/**
 * The checks of topics that exist, with an admin client it is given: how long each keeps
 * its records, and which a broker failure could lose acknowledged records of. Nothing
 * here changes a topic.
 */
final class ExistingTopics {

	private ExistingTopics() {
	}

	/**
	 * How long the cluster keeps the records of each topic ({@code retention.ms}).
	 * @param admin the admin client
	 * @param topics existing topics
	 * @param timeoutMs how long the cluster may take to answer
	 * @return per topic its retention, empty for a topic kept forever
	 */
	static Map<String, Optional<Duration>> retention(Admin admin, Collection<String> topics, int timeoutMs)
			throws InterruptedException, ExecutionException, TimeoutException {
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
	}

	/**
	 * The topics that a broker failure could lose acknowledged records of: replicated,
	 * but with a {@code min.insync.replicas} below
	 * {@link TopicProvisioning#defaultMinInsyncReplicas min(2, replication factor)}.
	 * @param admin the admin client
	 * @param topics existing topics, each once
	 * @param timeoutMs how long the cluster may take to answer
	 * @return per such topic, its replication factor and {@code min.insync.replicas}
	 */
	static Map<String, Replication> weaklyReplicated(Admin admin, List<String> topics, int timeoutMs)
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
				if (minInsync < TopicProvisioning.defaultMinInsyncReplicas((short) factor)) {
					weak.put(resource.name(), new Replication(factor, minInsync));
				}
			});
		return weak;
	}

	/**
	 * A warning, with the command that fixes it, for each topic
	 * {@link #weaklyReplicated}; or one saying that could not be checked.
	 * @param admin the admin client
	 * @param topics existing topics, each once
	 * @param timeoutMs how long the cluster may take to answer
	 * @return the warnings
	 */
	static List<String> replicationWarnings(Admin admin, List<String> topics, int timeoutMs)
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

}
