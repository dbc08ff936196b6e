package dev.taskplatform.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A record on Kafka, as the {@link Tally} reads them all.
 *
 * @param key the task id
 * @param eventId its {@code ce_id}
 * @param timestamp when it was published (the record's timestamp, ms)
 */
record Published(String key, String eventId, long timestamp) {

	/** Every record of the three topics, from the beginning to the end they have now. */
	static Map<String, List<Published>> readAll(String bootstrapServers) {
		List<String> topics = List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED, Topics.TASK_REMINDER_DUE);
		Map<String, List<Published>> published = new LinkedHashMap<>();
		topics.forEach((topic) -> published.put(topic, new ArrayList<>()));
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = topics.stream()
				.flatMap((topic) -> consumer.partitionsFor(topic, Duration.ofSeconds(10))
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition())))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("could not read the topics to their end within 2 minutes");
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					published.get(record.topic())
						.add(new Published(record.key(), CloudEventAttributes.readFrom(record.headers()).id(),
								record.timestamp()));
				}
			}
		}
		return published;
	}

	/** The {@code ce_id}s of the records, by task. */
	static Map<String, Set<String>> eventIdsByTask(List<Published> records) {
		Map<String, Set<String>> ids = new HashMap<>();
		records.forEach((record) -> ids.computeIfAbsent(record.key(), (key) -> new HashSet<>()).add(record.eventId()));
		return ids;
	}

	/** The {@code ce_id}s of the records. */
	static Set<String> eventIds(List<Published> records) {
		return records.stream().map(Published::eventId).collect(Collectors.toSet());
	}

}
