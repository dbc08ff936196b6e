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
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.stereotype.Component;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Appends an event to the outbox. Call it inside the transaction that changes the task:
 * the event is then stored if and only if the change is.
 */
@Component
public class OutboxWriter {

	private static final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	private final OutboxRepository outbox;

	private final OutboxProperties properties;

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxWriter(OutboxRepository outbox, OutboxProperties properties, Tracer tracer, Propagator propagator) {
		this.outbox = outbox;
		this.properties = properties;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Appends the event with a new CloudEvents id.
	 * @param event the event
	 * @param time when it happened
	 * @return completes when the row is written (not yet committed)
	 */
	public Mono<Void> append(TaskEvent event, Instant time) {
		return Mono.deferContextual((context) -> {
			UUID eventId = UUID.randomUUID();
			RecordHeaders headers = new RecordHeaders();
			CloudEventAttributes.of(event, eventId, this.properties.source(), time).writeTo(headers);
			Map<String, String> headerValues = new LinkedHashMap<>();
			for (Header header : headers) {
				headerValues.put(header.key(), new String(header.value(), UTF_8));
			}
			traceContextInto(context, headerValues);
			return this.outbox.insert(eventId, event.eventType().topic(), event.taskId().toString(), headerValues,
					TaskEventJson.write(event));
		});
	}

	/**
	 * Stores the request's trace context (W3C {@code traceparent}) with the row: the
	 * relay publishes it as a Kafka header, and each consumer's handling joins the same
	 * trace.
	 */
	@SuppressWarnings("try") // the scope only restores the request's observation
	private void traceContextInto(ContextView context, Map<String, String> headers) {
		try (ContextSnapshot.Scope scope = snapshots.setThreadLocalsFrom(context, ObservationThreadLocalAccessor.KEY)) {
			Span span = this.tracer.currentSpan();
			if (span != null) {
				this.propagator.inject(span.context(), headers, Map::put);
			}
		}
	}

}
