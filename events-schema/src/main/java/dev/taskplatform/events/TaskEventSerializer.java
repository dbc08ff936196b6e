package dev.taskplatform.events;

import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka serializer of the record value: the event's JSON. The CloudEvents headers are
 * written by {@link CloudEventAttributes#writeTo}.
 */
public class TaskEventSerializer implements Serializer<TaskEvent> {

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable TaskEvent event) {
		return (event != null) ? TaskEventJson.write(event) : null;
	}

}
