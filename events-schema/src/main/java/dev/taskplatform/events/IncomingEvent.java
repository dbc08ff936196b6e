package dev.taskplatform.events;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A consumed record read as a task event: its CloudEvents attributes, the event, and the
 * JSON as it arrived. Reading fails with a {@link SerializationException} for a record no
 * consumer can use (a poison record): missing or malformed attributes, an unknown type,
 * malformed JSON, a missing required field, or a key or subject that is not the task id.
 *
 * @param attributes the CloudEvents attributes
 * @param event the event
 * @param json the record value
 */
public record IncomingEvent(CloudEventAttributes attributes, TaskEvent event, byte[] json) {

	/**
	 * Reads a record produced with this module's serializer and headers.
	 * @param record the consumed record
	 * @return the event
	 * @throws SerializationException if the record is not a readable task event
	 */
	public static IncomingEvent read(ConsumerRecord<?, byte[]> record) {
		if (record.value() == null) {
			throw new SerializationException("record has no value");
		}
		CloudEventAttributes attributes = CloudEventAttributes.readFrom(record.headers());
		EventType type;
		try {
			type = EventType.ofType(attributes.type());
		}
		catch (IllegalArgumentException ex) {
			throw new SerializationException(ex.getMessage(), ex);
		}
		TaskEvent event = TaskEventJson.read(type, record.value());
		String taskId = event.taskId().toString();
		// per-task order rests on the key: a record keyed otherwise is not one of ours
		if (!taskId.equals(attributes.subject()) || !taskId.equals(String.valueOf(record.key()))) {
			throw new SerializationException("record key '" + record.key() + "' and ce_subject '" + attributes.subject()
					+ "' must both be the task id " + taskId);
		}
		return new IncomingEvent(attributes, event, record.value());
	}

	public EventType type() {
		return this.event.eventType();
	}

	/**
	 * How long after it happened the event is being handled.
	 * @param now the moment of handling (its effect committed)
	 * @return the end-to-end latency, never negative
	 */
	public Duration latencyUntil(Instant now) {
		Duration latency = Duration.between(this.attributes.time(), now);
		return latency.isNegative() ? Duration.ZERO : latency;
	}

}
