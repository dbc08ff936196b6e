package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventJson;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Appends an event to the outbox. Call it inside the transaction that changes the task:
 * the event is then stored if and only if the change is.
 */
@Component
public class OutboxWriter {

	private final OutboxRepository outbox;

	private final OutboxProperties properties;

	OutboxWriter(OutboxRepository outbox, OutboxProperties properties) {
		this.outbox = outbox;
		this.properties = properties;
	}

	/**
	 * Appends the event with a new CloudEvents id.
	 * @param event the event
	 * @param time when it happened
	 * @return completes when the row is written (not yet committed)
	 */
	public Mono<Void> append(TaskEvent event, Instant time) {
		UUID eventId = UUID.randomUUID();
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes.of(event, eventId, this.properties.source(), time).writeTo(headers);
		Map<String, String> headerValues = new LinkedHashMap<>();
		for (Header header : headers) {
			headerValues.put(header.key(), new String(header.value(), UTF_8));
		}
		return this.outbox.insert(eventId, event.eventType().topic(), event.taskId().toString(), headerValues,
				TaskEventJson.write(event));
	}

}
