package dev.taskplatform.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventSerializer;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Queues {@code task.created} events on Kafka directly, exactly as task-api's relay
 * publishes them (key = task id, CloudEvents headers), for the consumers' catch-up run.
 */
final class EventFlood {

	private EventFlood() {
	}

	static void publish(String bootstrapServers, int count) {
		Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
				ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
		AtomicReference<Exception> failed = new AtomicReference<>();
		Instant dueAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		try (KafkaProducer<String, TaskEvent> producer = new KafkaProducer<>(settings, new StringSerializer(),
				new TaskEventSerializer())) {
			for (int n = 0; n < count; n++) {
				Instant now = Instant.now();
				TaskCreated event = new TaskCreated(UUID.randomUUID(), "Catch-up task " + n, "queued by the benchmark",
						"user-" + (n % 1000) + "@example.org", dueAt, now);
				ProducerRecord<String, TaskEvent> record = new ProducerRecord<>(Topics.TASK_CREATED,
						event.taskId().toString(), event);
				CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api", now).writeTo(record.headers());
				producer.send(record, (metadata, failure) -> {
					if (failure != null) {
						failed.compareAndSet(null, failure);
					}
				});
			}
			producer.flush();
		}
		if (failed.get() != null) {
			throw new IllegalStateException("could not queue every event", failed.get());
		}
	}

}
