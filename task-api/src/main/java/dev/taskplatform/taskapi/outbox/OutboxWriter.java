package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

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

import org.springframework.r2dbc.core.DatabaseClient;
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
			Row row = row(event, time, context);
			return this.outbox.insert(row.eventId(), row.topic(), row.key(), row.headers(), row.payload());
		});
	}

	/**
	 * Runs a change to the service's own tables and appends the event in one SQL
	 * statement: atomic without a transaction around it, and one round trip to the
	 * database instead of four (begin, change, append, commit).
	 * @param event the event
	 * @param time when it happened
	 * @param change an INSERT, UPDATE or DELETE; its parameters must not start with
	 * {@code outbox}
	 * @param changeParameters binds the change's parameters
	 * @return completes when the statement has run
	 */
	public Mono<Void> appendWith(TaskEvent event, Instant time, String change,
			UnaryOperator<DatabaseClient.GenericExecuteSpec> changeParameters) {
		return Mono.deferContextual((context) -> {
			Row row = row(event, time, context);
			return this.outbox.insertWith(change, changeParameters, row.eventId(), row.topic(), row.key(),
					row.headers(), row.payload());
		});
	}

	private Row row(TaskEvent event, Instant time, ContextView context) {
		UUID eventId = UUID.randomUUID();
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes.of(event, eventId, this.properties.source(), time).writeTo(headers);
		Map<String, String> headerValues = new LinkedHashMap<>();
		for (Header header : headers) {
			headerValues.put(header.key(), new String(header.value(), UTF_8));
		}
		traceContextInto(context, headerValues);
		return new Row(eventId, event.eventType().topic(), event.taskId().toString(), headerValues,
				TaskEventJson.write(event));
	}

	private record Row(UUID eventId, String topic, String key, Map<String, String> headers, byte[] payload) {
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
