package dev.taskplatform.consumer.deadletters;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads dead-letter topics for one request, with a consumer of its own that belongs to no
 * group: it assigns partitions, commits nothing, and so changes nothing for the service's
 * listeners. Partitions are read in order, each up to its end offset as it was when the
 * scan began, and a scan stops at a limit of records read or at a deadline, saying where
 * it stopped.
 */
final class DeadLetterReader implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(200);

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final Duration timeout;

	/**
	 * @param consumerProperties the service's consumer settings (bootstrap servers,
	 * security); its group is not used
	 * @param timeout how long a request may read
	 */
	DeadLetterReader(Map<String, Object> consumerProperties, Duration timeout) {
		Map<String, Object> properties = new HashMap<>(consumerProperties);
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "deadletters-" + Long.toHexString(System.nanoTime()));
		this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		this.timeout = timeout;
	}

	/**
	 * The records a topic holds now, per partition.
	 * @param topic the topic
	 * @return partition → records between its beginning and end offsets; empty when the
	 * topic does not exist
	 */
	Map<Integer, Long> counts(String topic) {
		List<TopicPartition> partitions = partitions(topic);
		Map<TopicPartition, Long> beginnings = this.consumer.beginningOffsets(partitions, this.timeout);
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(partitions, this.timeout);
		Map<Integer, Long> counts = new HashMap<>();
		partitions.forEach((partition) -> counts.put(partition.partition(),
				ends.getOrDefault(partition, 0L) - beginnings.getOrDefault(partition, 0L)));
		return counts;
	}

	/**
	 * Reads one record.
	 * @param topic the topic
	 * @param partition its partition
	 * @param offset its offset
	 * @return the record, or {@code null} when there is none there (any more)
	 */
	@Nullable ConsumerRecord<byte[], byte[]> one(String topic, int partition, long offset) {
		TopicPartition chosen = new TopicPartition(topic, partition);
		if (!partitions(topic).contains(chosen)) {
			return null;
		}
		long end = this.consumer.endOffsets(List.of(chosen), this.timeout).getOrDefault(chosen, 0L);
		long beginning = this.consumer.beginningOffsets(List.of(chosen), this.timeout).getOrDefault(chosen, 0L);
		if (offset < beginning || offset >= end) {
			return null;
		}
		this.consumer.assign(List.of(chosen));
		this.consumer.seek(chosen, offset);
		Instant deadline = Instant.now().plus(this.timeout);
		while (this.consumer.position(chosen) <= offset && Instant.now().isBefore(deadline)) {
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(POLL)) {
				if (record.offset() == offset) {
					return record;
				}
				if (record.offset() > offset) {
					// no record at that offset (e.g. a transaction marker)
					return null;
				}
			}
		}
		return null;
	}

	/**
	 * Reads the selected records of a topic in order of partition and offset.
	 * @param topic the topic
	 * @param selection which records
	 * @param after where a previous scan stopped, or {@code null} from the start
	 * @param limit the most records read (selected or not) before the scan stops
	 * @param visitor takes each selected record; {@code false} stops the scan after it
	 * @return where it stopped, if before the end
	 */
	Scan scan(String topic, Selection selection, @Nullable Position after, int limit,
			Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
		Instant deadline = Instant.now().plus(this.timeout);
		int read = 0;
		List<TopicPartition> partitions = partitions(topic);
		// where each partition ends as the scan begins: records dead-lettered meanwhile
		// (a redriven one that failed again) are not read by this scan
		Map<TopicPartition, Long> beginnings = this.consumer.beginningOffsets(partitions, this.timeout);
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(partitions, this.timeout);
		for (TopicPartition partition : partitions) {
			if (!selection.includesPartition(partition.partition())
					|| (after != null && partition.partition() < after.partition())) {
				continue;
			}
			long from = beginnings.getOrDefault(partition, 0L);
			long end = ends.getOrDefault(partition, 0L);
			if (selection.fromOffset() != null) {
				from = Math.max(from, selection.fromOffset());
			}
			if (selection.toOffset() != null) {
				end = Math.min(end, selection.toOffset() + 1);
			}
			if (after != null && partition.partition() == after.partition()) {
				from = Math.max(from, after.offset());
			}
			if (selection.since() != null && from < end) {
				OffsetAndTimestamp first = this.consumer
					.offsetsForTimes(Map.of(partition, selection.since().toEpochMilli()), this.timeout)
					.get(partition);
				from = (first != null) ? Math.max(from, first.offset()) : end;
			}
			if (from >= end) {
				continue;
			}
			this.consumer.assign(List.of(partition));
			this.consumer.seek(partition, from);
			while (this.consumer.position(partition) < end) {
				if (read >= limit || !Instant.now().isBefore(deadline)) {
					return new Scan(new Position(partition.partition(), this.consumer.position(partition)), read);
				}
				for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(POLL)) {
					if (record.offset() >= end) {
						break;
					}
					read++;
					if (selection.matches(record) && !visitor.test(record)) {
						return new Scan(new Position(partition.partition(), record.offset() + 1), read);
					}
					if (read >= limit) {
						return new Scan(new Position(partition.partition(), record.offset() + 1), read);
					}
				}
			}
		}
		return new Scan(null, read);
	}

	private List<TopicPartition> partitions(String topic) {
		List<PartitionInfo> infos = this.consumer.partitionsFor(topic, this.timeout);
		return infos.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.sorted(Comparator.comparingInt(TopicPartition::partition))
			.toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/**
	 * How a scan ended.
	 *
	 * @param next where to go on, or {@code null} when it read to the end
	 * @param read the records it read
	 */
	record Scan(@Nullable Position next, int read) {

	}

}
