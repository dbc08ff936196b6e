package dev.taskplatform.reminder.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.ConsumedTopics;
import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.consumer.RecordTraces;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes task creations and completions a poll at a time, the effect of a poll in one
 * transaction ({@link Reminders}). Creation and completion of a task arrive on different
 * topics, so either may come first; the outcome is the same in both orders. A poison
 * record, or one whose effect fails, is reported by its index ({@link Batches}): the
 * records before it are committed, it alone goes to its dead-letter topic.
 */
@Component
class ReminderListener {

	static final String TRACEPARENT = "traceparent";

	private static final Logger logger = LoggerFactory.getLogger(ReminderListener.class);

	private final Reminders reminders;

	private final EventMetrics metrics;

	private final Clock clock;

	private final RecordTraces traces;

	ReminderListener(Reminders reminders, EventMetrics metrics, Clock clock, RecordTraces traces) {
		this.reminders = reminders;
		this.metrics = metrics;
		this.clock = clock;
		this.traces = traces;
	}

	@KafkaListener(id = "reminders", idIsGroup = false, topics = ConsumedTopics.LISTENER_TOPICS)
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		Batches.consume(records, ReminderListener::read, this::apply);
	}

	private static Reminders.Received read(ConsumerRecord<String, byte[]> record) {
		IncomingEvent incoming = IncomingEvent.read(record);
		if (incoming.event() instanceof ReminderDue) {
			throw new NotRetryableException(
					"task.reminder.due is not consumed by reminder-service (topic " + record.topic() + ")");
		}
		// a record without a timestamp (-1) counts as published when it occurred
		Instant published = (record.timestamp() >= 0) ? Instant.ofEpochMilli(record.timestamp())
				: incoming.attributes().time();
		// its traceparent: the reminder fired later continues the trace this record
		// carries
		return new Reminders.Received(incoming, CloudEventAttributes.header(record.headers(), TRACEPARENT), published);
	}

	private void apply(List<Reminders.Received> events) {
		Reminders.Applied applied = this.reminders.apply(events);
		// the transaction has committed: that is the end of the end-to-end latency
		Instant committed = this.clock.instant();
		for (Reminders.Received event : applied.fresh()) {
			String type = event.incoming().attributes().type();
			this.metrics.processed(type, event.incoming().latencyUntil(committed));
			// a poll has no single trace: each applied event gets a span in its record's
			// trace
			this.traces.inTraceOf(event.traceparent(), "reminder record", () -> {
				logger.debug("Applied {} event {} of task {}", type, event.eventId(),
						event.incoming().event().taskId());
				return type;
			});
		}
		for (Reminders.Received event : applied.redelivered()) {
			this.metrics.duplicate(event.incoming().attributes().type());
		}
	}

}
