package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventJson;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Appends an event to the outbox with the change it reports: {@link #append} turns the
 * event into its row, hands the row to the statement that changes the task (which writes
 * it into {@link #TABLE} and returns its transaction's {@link #XID}), and wakes the relay
 * once that statement has answered. The event is then stored if and only if the change
 * is, and the caller never has to remember the relay.
 */
@Component
public class OutboxWriter {

	/**
	 * The table and the columns a writer fills, in the order of {@link OutboxRecord}; the
	 * row's position (its transaction's xid and a sequence) and time are defaults.
	 */
	public static final String TABLE = "outbox_events (topic, message_key, headers, payload)";

	/** What a writing statement returns so that the relay can be told: the row's xid. */
	public static final String XID = "pg_current_xact_id()::text::bigint";

	private static final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	private final OutboxProperties properties;

	private final OutboxSignal signal;

	private final JsonMapper json;

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxWriter(OutboxProperties properties, OutboxSignal signal, JsonMapper json, Tracer tracer,
			Propagator propagator) {
		this.properties = properties;
		this.signal = signal;
		this.json = json;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Appends an event with the change it reports. The event's row gets a new CloudEvents
	 * id and the trace context of the subscriber (the request); {@code statement} writes
	 * it with the change, and when the statement emits its result, the relay is told of
	 * the transaction ({@code xid} reads it from the result). A statement that changes
	 * nothing (and so writes no row) completes empty, and the relay is not told.
	 * @param <T> what the statement returns
	 * @param event the event
	 * @param time when it happened
	 * @param statement writes the row with the change
	 * @param xid the transaction that wrote the row, as {@link #XID} returned it
	 * @return the statement's result
	 */
	public <T> Mono<T> append(TaskEvent event, Instant time, Function<OutboxRecord, Mono<T>> statement,
			ToLongFunction<T> xid) {
		return Mono.deferContextual((context) -> statement.apply(record(event, time, context)))
			.doOnNext((written) -> this.signal.committed(xid.applyAsLong(written)));
	}

	private OutboxRecord record(TaskEvent event, Instant time, ContextView context) {
		UUID eventId = UUID.randomUUID();
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes.of(event, eventId, this.properties.source(), time).writeTo(headers);
		Map<String, String> headerValues = new LinkedHashMap<>();
		for (Header header : headers) {
			headerValues.put(header.key(), new String(header.value(), UTF_8));
		}
		traceContextInto(context, headerValues);
		return new OutboxRecord(event.eventType().topic(), event.taskId().toString(),
				this.json.writeValueAsString(headerValues), TaskEventJson.write(event));
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
