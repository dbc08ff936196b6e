package dev.taskplatform.reminder.reminder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The effect of each consumed event, in one transaction with the record of its
 * {@code ce_id}: a redelivered event changes nothing. The db-scheduler execution of a
 * reminder is written in the same transaction as the reminder row (db-scheduler's Spring
 * Boot starter wraps the application's DataSource in a
 * {@code TransactionAwareDataSourceProxy}, so its SQL joins the transaction), so a
 * reminder is scheduled if and only if its row is committed.
 */
@Service
class Reminders {

	private static final Logger logger = LoggerFactory.getLogger(Reminders.class);

	private final ReminderRepository repository;

	private final SchedulerClient scheduler;

	private final ReminderProperties properties;

	private final Clock clock;

	Reminders(ReminderRepository repository, SchedulerClient scheduler, ReminderProperties properties, Clock clock) {
		this.repository = repository;
		this.scheduler = scheduler;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Schedules the reminder of a new task, unless its completion was seen first.
	 * @param eventId the event's {@code ce_id}
	 * @param task the event
	 * @param traceparent the W3C trace context of its record, if any: the reminder's
	 * firing continues that trace
	 * @return {@code false} for a redelivered event, which changed nothing
	 */
	@Transactional
	public boolean created(String eventId, TaskCreated task, @Nullable String traceparent) {
		Instant now = now();
		if (!this.repository.markProcessed(eventId, now)) {
			return false;
		}
		Instant dueAt = micros(task.dueAt());
		Optional<Instant> remindAt = ReminderTime.remindAt(dueAt, this.properties.lead(), now)
			.map((at) -> at.truncatedTo(ChronoUnit.MICROS));
		Reminder reminder = new Reminder(UUID.randomUUID(), task.taskId(), task.title(), task.assignee(), dueAt,
				remindAt.orElse(null), remindAt.isPresent() ? Reminder.Status.SCHEDULED : Reminder.Status.SKIPPED,
				null);
		if (!this.repository.insert(reminder, traceparent, now)) {
			// completed before its creation reached us, or created twice under other ids
			this.repository.describeCancelled(task.taskId(), task.title(), task.assignee(), dueAt, now);
			logger.debug("Task {} already has a reminder; nothing scheduled", task.taskId());
			return true;
		}
		if (remindAt.isPresent()) {
			this.scheduler.scheduleIfNotExists(
					ReminderTask.SEND_REMINDER.instance(task.taskId().toString()).scheduledTo(remindAt.get()));
			// one line per event would be on the consumer's hot path: the rate is in
			// events_processed_total
			logger.debug("Reminder of task {} scheduled for {}", task.taskId(), remindAt.get());
		}
		return true;
	}

	/**
	 * Cancels a completed task's reminder, or records the cancellation so that a later
	 * creation schedules nothing.
	 * @param eventId the event's {@code ce_id}
	 * @param task the event
	 * @return {@code false} for a redelivered event, which changed nothing
	 */
	@Transactional
	public boolean completed(String eventId, TaskCompleted task) {
		Instant now = now();
		if (!this.repository.markProcessed(eventId, now)) {
			return false;
		}
		if (this.repository.cancel(UUID.randomUUID(), task.taskId(), now)) {
			cancelExecution(task.taskId());
		}
		return true;
	}

	private void cancelExecution(UUID taskId) {
		try {
			this.scheduler.cancel(ReminderTask.SEND_REMINDER.instanceId(taskId.toString()));
			logger.debug("Reminder of task {} cancelled", taskId);
		}
		catch (TaskInstanceNotFoundException ex) {
			// only the cancellation was recorded: the task's creation has not been seen
		}
		catch (TaskInstanceCurrentlyExecutingException ex) {
			// the firing waits for this transaction's row lock, then finds the reminder
			// CANCELLED and publishes nothing
			logger.debug("Reminder of task {} is being fired; it will see the cancellation", taskId);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** PostgreSQL keeps microseconds: compare and publish what is stored. */
	private static @Nullable Instant micros(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MICROS) : null;
	}

}
