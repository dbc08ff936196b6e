package dev.taskplatform.events;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Kafka deserializer of the record value. The event type comes from the {@code ce_type}
 * header, or from the topic when a record carries no headers.
 */
public class TaskEventDeserializer implements Deserializer<TaskEvent> {

	@Override
	public @Nullable TaskEvent deserialize(String topic, @Nullable Headers headers, byte @Nullable [] data) {
		if (data == null) {
			return null;
		}
		String type = (headers != null) ? CloudEventAttributes.header(headers, CloudEventHeaders.TYPE) : null;
		return TaskEventJson.read(eventType((type != null) ? type : topic), data);
	}

	@Override
	public @Nullable TaskEvent deserialize(String topic, byte @Nullable [] data) {
		return deserialize(topic, null, data);
	}

	private static EventType eventType(String type) {
		try {
			return EventType.ofType(type);
		}
		catch (IllegalArgumentException ex) {
			throw new SerializationException(ex.getMessage(), ex);
		}
	}

}
