package dev.taskplatform.audit.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.RecordTraces;
import dev.taskplatform.consumer.TransientFailures;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes every task event in batches. A poison record does not hold up its batch: the
 * records before it are appended, then it is reported by index so that it alone goes to
 * its dead-letter topic and consumption resumes after it.
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

	@KafkaListener(id = "audit", idIsGroup = false,
			topics = { Topics.TASK_CREATED, Topics.TASK_COMPLETED, Topics.TASK_REMINDER_DUE })
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		try {
			appendAll(records);
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex) && !(ex instanceof BatchListenerFailedException)) {
				logger.warn("Database unavailable, a batch of {} records waits for it: {}", records.size(),
						ex.getMessage());
				// blamed on the first record, the batch is retried from there for as long
				// as
				// the database is away, instead of the whole batch going to dead letters
				throw new BatchListenerFailedException("database unavailable", ex, 0);
			}
			throw ex;
		}
	}

	private void appendAll(List<ConsumerRecord<String, byte[]>> records) {
		List<AuditLog.Event> events = new ArrayList<>(records.size());
		Map<String, String> traceparents = new HashMap<>();
		for (int index = 0; index < records.size(); index++) {
			try {
				AuditLog.Event event = readable(records.get(index));
				events.add(event);
				String traceparent = CloudEventAttributes.header(records.get(index).headers(), "traceparent");
				if (traceparent != null) {
					traceparents.put(event.eventId(), traceparent);
				}
			}
			catch (SerializationException ex) {
				append(events, traceparents);
				throw new BatchListenerFailedException("unreadable event: " + ex.getMessage(), ex, index);
			}
		}
		append(events, traceparents);
	}

	private void append(List<AuditLog.Event> events, Map<String, String> traceparents) {
		List<AuditLog.Appended> appended = this.log.append(events);
		// the transaction has committed: that is the end of the end-to-end latency
		Instant committed = this.clock.instant();
		Set<String> appendedIds = new HashSet<>();
		for (AuditLog.Appended record : appended) {
			String eventId = record.incoming().attributes().id();
			appendedIds.add(eventId);
			this.metrics.processed(record.incoming().attributes().type(), record.incoming().latencyUntil(committed));
			// a batch has no single trace: each recorded event gets a span in its
			// record's
			this.traces.inTraceOf(traceparents.get(eventId), "audit record", () -> {
				logger.debug("Recorded {} event {} of task {}", record.incoming().attributes().type(), eventId,
						record.incoming().event().taskId());
				return eventId;
			});
		}
		events.stream()
			.filter((event) -> !appendedIds.contains(event.eventId()))
			.forEach((redelivered) -> this.metrics.duplicate(redelivered.type()));
	}

	private static AuditLog.Event readable(ConsumerRecord<String, byte[]> record) {
		AuditLog.Event event = AuditLog.Event.of(IncomingEvent.read(record));
		// jsonb cannot hold U+0000; such a record could never be appended
		if (event.payload().contains("\\u0000")) {
			throw new SerializationException("event JSON contains U+0000");
		}
		return event;
	}

}
