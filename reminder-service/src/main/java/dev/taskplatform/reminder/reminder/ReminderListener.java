package dev.taskplatform.reminder.reminder;

import java.time.Clock;

import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes task creations and completions one record at a time. Creation and completion
 * of a task arrive on different topics, so either may come first; {@link Reminders} gives
 * the same outcome in both orders. A poison record fails to read and goes to its
 * dead-letter topic (consumer-support); the offset is committed only after the effect.
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
	void onEvent(ConsumerRecord<String, byte[]> record) {
		IncomingEvent incoming = IncomingEvent.read(record);
		String eventId = incoming.attributes().id();
		boolean applied = switch (incoming.event()) {
			// the reminder fired later continues the trace this record carries
			case TaskCreated created ->
				this.reminders.created(eventId, created, CloudEventAttributes.header(record.headers(), TRACEPARENT));
			case TaskCompleted completed -> this.reminders.completed(eventId, completed);
			case ReminderDue reminder -> throw new NotRetryableException(
					"task.reminder.due is not consumed by reminder-service (topic " + record.topic() + ")");
		};
		String type = incoming.attributes().type();
		if (applied) {
			// the transaction has committed: that is the end of the end-to-end latency
			this.metrics.processed(type, incoming.latencyUntil(this.clock.instant()));
		}
		else {
			this.metrics.duplicate(type);
		}
	}

}
