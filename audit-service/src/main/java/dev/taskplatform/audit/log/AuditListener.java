package dev.taskplatform.audit.log;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.ConsumedTopics;
import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.RecordTraces;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every task event, a poll at a time, and appends each poll in one transaction.
 * A poison record (one that cannot be read, or whose JSON has no RFC 8785 form to hash),
 * or one whose append fails, is reported by its index ({@link Batches}): the records
 * before it are appended, it alone goes to its dead-letter topic and consumption resumes
 * after it.
 */
@Component
class AuditListener {

	private static final Logger logger = LoggerFactory.getLogger(AuditListener.class);

	private final AuditLog log;

	private final EventMetrics metrics;

	private final Clock clock;

	private final RecordTraces traces;

	AuditListener(AuditLog log, EventMetrics metrics, Clock clock, RecordTraces traces) {
		this.log = log;
		this.metrics = metrics;
		this.clock = clock;
		this.traces = traces;
	}

	@KafkaListener(id = "audit", idIsGroup = false, topics = ConsumedTopics.LISTENER_TOPICS)
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		Batches.consume(records, AuditListener::read, this::append);
	}

	private static AuditLog.Event read(ConsumerRecord<String, byte[]> record) {
		IncomingEvent incoming = IncomingEvent.read(record);
		@Nullable String traceparent = CloudEventAttributes.header(record.headers(), "traceparent");
		AuditLog.Event event;
		try {
			event = AuditLog.Event.of(incoming, traceparent);
		}
		catch (IllegalArgumentException ex) {
			// its hash could never be computed, nor could a verifier recompute it
			throw new SerializationException("event JSON has no RFC 8785 form: " + ex.getMessage(), ex);
		}
		// PostgreSQL's text cannot hold U+0000 (nor could the payload be read as jsonb):
		// such a record could never be appended
		if (event.payload().contains("\\u0000")) {
			throw new SerializationException("event JSON contains U+0000");
		}
		return event;
	}

	private void append(List<AuditLog.Event> events) {
		List<AuditLog.Event> appended = this.log.append(events);
		// the transaction has committed: that is the end of the end-to-end latency
		Instant committed = this.clock.instant();
		Set<String> appendedIds = new HashSet<>();
		for (AuditLog.Event event : appended) {
			appendedIds.add(event.eventId());
			this.metrics.processed(event.type(), event.incoming().latencyUntil(committed));
			// a batch has no trace of its own: each event's span is in its record's trace
			this.traces.inTraceOf(event.traceparent(), "audit record", () -> {
				logger.debug("Recorded {} event {} of task {}", event.type(), event.eventId(), event.taskId());
				return event.eventId();
			});
		}
		events.stream()
			.filter((event) -> !appendedIds.contains(event.eventId()))
			.forEach((redelivered) -> this.metrics.duplicate(redelivered.type()));
	}

}
