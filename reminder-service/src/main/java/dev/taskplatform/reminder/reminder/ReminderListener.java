package dev.taskplatform.reminder.reminder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

	private final Reminders reminders;

	private final EventMetrics metrics;

	private final Clock clock;

	ReminderListener(Reminders reminders, EventMetrics metrics, Clock clock) {
		this.reminders = reminders;
		this.metrics = metrics;
		this.clock = clock;
	}

	@KafkaListener(id = "reminders", idIsGroup = false, topics = { Topics.TASK_CREATED, Topics.TASK_COMPLETED })
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		Batches.consume(records, ReminderListener::read, this::apply);
	}

	private static Reminders.Received read(ConsumerRecord<String, byte[]> record) {
		IncomingEvent incoming = IncomingEvent.read(record);
		if (incoming.event() instanceof ReminderDue) {
			throw new NotRetryableException(
					"task.reminder.due is not consumed by reminder-service (topic " + record.topic() + ")");
		}
		// the reminder fired later continues the trace this record carries
		return new Reminders.Received(incoming, CloudEventAttributes.header(record.headers(), TRACEPARENT));
	}

	private void apply(List<Reminders.Received> events) {
		Reminders.Applied applied = this.reminders.apply(events);
		// the transaction has committed: that is the end of the end-to-end latency
		Instant committed = this.clock.instant();
		for (Reminders.Received event : applied.fresh()) {
			this.metrics.processed(event.incoming().attributes().type(), event.incoming().latencyUntil(committed));
		}
		for (Reminders.Received event : applied.redelivered()) {
			this.metrics.duplicate(event.incoming().attributes().type());
		}
	}

}
