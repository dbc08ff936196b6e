package dev.taskplatform.reminder.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads the offsets of {@code task.completed} that {@link CompletionHorizon} compares:
 * the topic's end offsets (a snapshot of what was in Kafka at that moment), then the
 * offsets the service's consumer group has committed. The topic's partitions are read
 * again once a minute. Only the horizon's one ticker thread calls it.
 */
final class CompletionOffsets {

	private static final Duration PARTITIONS_REFRESH = Duration.ofMinutes(1);

	private final Map<String, Object> adminConfig;

	private final String group;

	private final Clock clock;

	private List<TopicPartition> partitions = List.of();

	private Instant partitionsRead = Instant.EPOCH;

	/**
	 * @param kafka the service's Kafka settings (admin client, consumer group)
	 * @param interval how often the offsets are read: an admin request may take ten times
	 * that (at least a second)
	 * @param clock the time of a snapshot
	 */
	CompletionOffsets(KafkaProperties kafka, Duration interval, Clock clock) {
		this.adminConfig = new HashMap<>(kafka.buildAdminProperties());
		long timeoutMs = Math.max(1_000, interval.multipliedBy(10).toMillis());
		this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
		this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
		this.group = kafka.getConsumer().getGroupId();
		this.clock = clock;
	}

	/**
	 * A new admin client with these settings; the caller closes it.
	 * @return the client
	 */
	Admin openAdmin() {
		return Admin.create(this.adminConfig);
	}

	/**
	 * Reads the end offsets of {@code task.completed}, then the group's committed ones.
	 * @param admin the admin client
	 * @return the snapshot of the end offsets, and the committed offsets
	 * @throws InterruptedException if interrupted while waiting for Kafka
	 * @throws ExecutionException if Kafka did not answer
	 */
	Offsets read(Admin admin) throws InterruptedException, ExecutionException {
		List<TopicPartition> partitions = partitions(admin);
		Instant takenAt = this.clock.instant();
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin
			.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.latest())))
			.all()
			.get();
		// read after the end offsets: it covers the snapshot only if it includes them
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.group)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, Long> endOffsets = new HashMap<>();
		end.forEach((partition, info) -> endOffsets.put(partition, info.offset()));
		return new Offsets(new Snapshot(takenAt, endOffsets), committed);
	}

	private List<TopicPartition> partitions(Admin admin) throws InterruptedException, ExecutionException {
		Instant now = this.clock.instant();
		if (this.partitions.isEmpty() || now.isAfter(this.partitionsRead.plus(PARTITIONS_REFRESH))) {
			this.partitions = admin.describeTopics(List.of(Topics.TASK_COMPLETED))
				.allTopicNames()
				.get()
				.get(Topics.TASK_COMPLETED)
				.partitions()
				.stream()
				.map((partition) -> new TopicPartition(Topics.TASK_COMPLETED, partition.partition()))
				.toList();
			this.partitionsRead = now;
		}
		return this.partitions;
	}

	/**
	 * What one reading found.
	 *
	 * @param snapshot the end offsets
	 * @param committed the group's committed offsets, read after them
	 */
	record Offsets(Snapshot snapshot, Map<TopicPartition, OffsetAndMetadata> committed) {

	}

	/**
	 * The end offsets of {@code task.completed} at a moment.
	 */
	record Snapshot(Instant takenAt, Map<TopicPartition, Long> endOffsets) {

		/** Whether every record before these offsets is applied and committed. */
		boolean coveredBy(Map<TopicPartition, OffsetAndMetadata> committed) {
			for (Map.Entry<TopicPartition, Long> end : this.endOffsets.entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				long applied = (offset != null) ? offset.offset() : 0;
				if (applied < end.getValue()) {
					return false;
				}
			}
			return true;
		}

	}

}
