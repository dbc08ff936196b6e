package dev.taskplatform.testinfra;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.EventType;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces task events exactly as task-api does (events-schema's serializer and
 * CloudEvents headers, key = task id), and raw records for poison tests.
 */
public final class EventProducer implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final TaskEventSerializer serializer = new TaskEventSerializer();

	private EventProducer(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
				new ByteArraySerializer());
	}

	public static EventProducer connect(String bootstrapServers) {
		return new EventProducer(bootstrapServers);
	}

	/**
	 * Sends a new event, as having happened now.
	 * @param event the event
	 * @return the attributes it was sent with
	 */
	public CloudEventAttributes send(TaskEvent event) {
		CloudEventAttributes attributes = CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		send(event, attributes);
		return attributes;
	}

	/**
	 * Sends an event with the given attributes; the same attributes again are a
	 * redelivery.
	 * @param event the event
	 * @param attributes its attributes
	 */
	public void send(TaskEvent event, CloudEventAttributes attributes) {
		RecordHeaders headers = new RecordHeaders();
		attributes.writeTo(headers);
		String topic = event.eventType().topic();
		sendRaw(new ProducerRecord<>(topic, null, event.taskId().toString(), this.serializer.serialize(topic, event),
				headers));
	}

	/**
	 * Sends an event as JSON written by hand in a given version of its schema (with that
	 * version's {@code dataschema}), as an older or newer producer would send it.
	 * @param type the event type
	 * @param taskId the task (key and subject)
	 * @param version the schema version the JSON follows
	 * @param json the event's JSON
	 * @return the attributes it was sent with
	 */
	public CloudEventAttributes sendJson(EventType type, UUID taskId, int version, String json) {
		CloudEventAttributes attributes = new CloudEventAttributes(UUID.randomUUID().toString(), type.type(),
				"/task-api", Instant.now().truncatedTo(ChronoUnit.MICROS), taskId.toString(), type.dataSchema(version));
		RecordHeaders headers = new RecordHeaders();
		attributes.writeTo(headers);
		sendRaw(new ProducerRecord<>(type.topic(), null, taskId.toString(), json.getBytes(StandardCharsets.UTF_8),
				headers));
		return attributes;
	}

	/**
	 * Sends a record as given, whatever it holds.
	 * @param record the record
	 */
	public void sendRaw(ProducerRecord<String, byte[]> record) {
		try {
			this.producer.send(record).get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("could not send to " + record.topic(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The partitions of a topic, as the producer sees them.
	 * @param topic the topic
	 * @return how many it has
	 */
	public int partitions(String topic) {
		return this.producer.partitionsFor(topic).size();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
