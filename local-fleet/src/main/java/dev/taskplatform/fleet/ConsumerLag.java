package dev.taskplatform.fleet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group is behind on a topic, from the broker's view: end offsets
 * minus the group's committed offsets. A group is done when its lag is 0. (The benchmark
 * times catch-ups with it; the chaos suite waits for the fleet to settle.)
 */
public final class ConsumerLag implements AutoCloseable {

	private final Admin admin;

	private final Map<String, List<TopicPartition>> partitions = new ConcurrentHashMap<>();

	public ConsumerLag(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/** Records on the topic not yet committed by the group. */
	public long lag(String group, String topic) {
		try {
			List<TopicPartition> partitions = partitions(topic);
			Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin
				.listOffsets(partitions.stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())))
				.all()
				.get();
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			return partitions.stream().mapToLong((partition) -> {
				OffsetAndMetadata offset = committed.get(partition);
				return ends.get(partition).offset() - ((offset != null) ? offset.offset() : 0);
			}).sum();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("could not read the lag of " + group, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * A topic's partitions do not change during a run: asked once, not at every sample.
	 */
	private List<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException {
		List<TopicPartition> known = this.partitions.get(topic);
		if (known == null) {
			known = this.admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			this.partitions.put(topic, known);
		}
		return known;
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
