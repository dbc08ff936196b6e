package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
 * Turns an event into its outbox row, and wakes the relay once the row is committed. The
 * row is written by the statement or transaction that changes the task (see
 * {@link #TABLE}): the event is then stored if and only if the change is.
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
	 * The row of an event with a new CloudEvents id, carrying the trace context of the
	 * subscriber (the request).
	 * @param event the event
	 * @param time when it happened
	 * @return the row to write
	 */
	public Mono<OutboxRecord> record(TaskEvent event, Instant time) {
		return Mono.deferContextual((context) -> Mono.just(record(event, time, context)));
	}

	/**
	 * Tells the relay that a transaction that wrote outbox rows has committed.
	 * @param xid the transaction, as {@link #XID} returned it
	 */
	public void committed(long xid) {
		this.signal.committed(xid);
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
