package dev.taskplatform.reminder.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The effect of a poll's events, in one transaction with the record of their
 * {@code ce_id}s: a redelivered event changes nothing. Each step is one statement for the
 * whole poll: the ids recorded, the new reminders inserted, the details of reminders
 * cancelled before their creation was seen filled in, the db-scheduler executions written
 * ({@link ReminderSchedule}), the completed tasks' reminders cancelled and their
 * executions removed. A reminder is therefore scheduled if and only if its row is
 * committed.
 * <p>
 * Creations are applied before completions: a task with a reminder to schedule that is
 * created and completed in the same poll ends CANCELLED with nothing scheduled, as it
 * does when its completion comes first (a CANCELLED row without details, filled in by the
 * creation) or last (the SCHEDULED reminder cancelled). (A task with nothing to remind,
 * SKIPPED, stays SKIPPED when its creation is seen first.)
 * <p>
 * Each statement writes its rows in task id order. Two polls handled at once by different
 * threads lock the same tasks only if one holds a task's creation and the other its
 * completion, which the range assignment of the two topics' partitions (partition n of
 * both to the same consumer) makes rare; should they lock two such tasks in opposite
 * orders across statements, PostgreSQL aborts one as a deadlock, a transient failure, and
 * that poll is retried.
 */
@Service
class Reminders {

	private final ReminderRepository repository;

	private final ReminderSchedule schedule;

	private final ReminderProperties properties;

	private final Clock clock;

	Reminders(ReminderRepository repository, ReminderSchedule schedule, ReminderProperties properties, Clock clock) {
		this.repository = repository;
		this.schedule = schedule;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Applies the events not applied before.
	 * @param events {@code task.created} and {@code task.completed} events, in the order
	 * consumed
	 * @return which were applied now and which were redeliveries
	 */
	@Transactional
	public Applied apply(List<Received> events) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Set<String> unseen = new HashSet<>(
				this.repository.markProcessed(events.stream().map(Received::eventId).toList(), now));
		List<Received> fresh = new ArrayList<>();
		List<Received> redelivered = new ArrayList<>();
		for (Received event : events) {
			// remove: the same event twice in one poll is applied once
			(unseen.remove(event.eventId()) ? fresh : redelivered).add(event);
		}
		created(fresh.stream().filter((event) -> event.incoming().event() instanceof TaskCreated).toList(), now);
		completed(fresh.stream()
			.map(Received::incoming)
			.map(IncomingEvent::event)
			.filter(TaskCompleted.class::isInstance)
			.map((completed) -> completed.taskId())
			.toList(), now);
		return new Applied(fresh, redelivered);
	}

	private void created(List<Received> creations, Instant now) {
		if (creations.isEmpty()) {
			return;
		}
		List<ReminderRepository.NewReminder> reminders = new ArrayList<>(creations.size());
		Map<UUID, Received> received = new HashMap<>();
		for (Received event : creations) {
			TaskCreated task = (TaskCreated) event.incoming().event();
			received.put(task.taskId(), event);
			Instant dueAt = micros(task.dueAt());
			Optional<Instant> remindAt = ReminderTime.remindAt(dueAt, this.properties.lead(), now)
				.map((at) -> at.truncatedTo(ChronoUnit.MICROS));
			reminders.add(new ReminderRepository.NewReminder(
					new Reminder(UUID.randomUUID(), task.taskId(), task.title(), task.assignee(), dueAt,
							remindAt.orElse(null),
							remindAt.isPresent() ? Reminder.Status.SCHEDULED : Reminder.Status.SKIPPED, null),
					event.traceparent()));
		}
		Set<UUID> inserted = this.repository.insertAll(reminders, now);
		List<ReminderSchedule.Firing> scheduled = new ArrayList<>();
		List<Reminder> taken = new ArrayList<>();
		for (ReminderRepository.NewReminder candidate : reminders) {
			Reminder reminder = candidate.reminder();
			if (inserted.remove(reminder.taskId())) {
				if (reminder.status() == Reminder.Status.SCHEDULED) {
					scheduled.add(new ReminderSchedule.Firing(reminder.taskId(),
							firingTime(reminder, received.get(reminder.taskId()), now)));
				}
			}
			else {
				// completed before its creation reached
				// us, or created twice under other ids
				taken.add(reminder);
			}
		}
		this.repository.describeCancelled(taken, now);
		this.schedule.scheduleAll(scheduled);
	}

	/**
	 * When a reminder fires: at its {@code remindAt}, but not before {@code settle} after
	 * its creation is seen, nor before its creation's record was published plus as long
	 * as the creation had waited to be published (its {@code ce_time} to the record's
	 * timestamp, at most {@code maxSettle}). A creation that waited in task-api's outbox
	 * (a Kafka outage) has its task's completion, if any, in the backlog behind it, which
	 * drains in order: that completion reaches Kafka meanwhile, and cancels the reminder
	 * (the firing waits for the completions in Kafka at its time,
	 * {@link CompletionHorizon}). A creation consumed late but published on time only
	 * settles: its completion is in Kafka already.
	 */
	private Instant firingTime(Reminder reminder, Received creation, Instant now) {
		Duration waited = Duration.between(creation.incoming().attributes().time(), creation.published());
		if (waited.isNegative()) {
			waited = Duration.ZERO;
		}
		if (waited.compareTo(this.properties.maxSettle()) > 0) {
			waited = this.properties.maxSettle();
		}
		Instant notBefore = latest(now.plus(this.properties.settle()), creation.published().plus(waited));
		return latest(Objects.requireNonNull(reminder.remindAt()), notBefore);
	}

	private static Instant latest(Instant one, Instant other) {
		return one.isAfter(other) ? one : other;
	}

	private void completed(List<UUID> tasks, Instant now) {
		if (tasks.isEmpty()) {
			return;
		}
		Set<UUID> cancelled = this.repository.cancelAll(new TreeSet<>(tasks), now);
		// a cancellation recorded before the creation has no execution: nothing to remove
		this.schedule.cancelAll(cancelled);
	}

	/** PostgreSQL keeps microseconds: compare and publish what is stored. */
	private static @Nullable Instant micros(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MICROS) : null;
	}

	/**
	 * An event of a poll.
	 *
	 * @param incoming the event as consumed
	 * @param traceparent the W3C trace context of its record, if any: the reminder's
	 * firing continues that trace
	 * @param published when its record was published (the record's timestamp)
	 */
	record Received(IncomingEvent incoming, @Nullable String traceparent, Instant published) {

		String eventId() {
			return this.incoming.attributes().id();
		}

	}

	/**
	 * What became of a poll's events.
	 *
	 * @param fresh applied now, in the order consumed
	 * @param redelivered applied before (or earlier in the same poll): they changed
	 * nothing
	 */
	record Applied(List<Received> fresh, List<Received> redelivered) {

	}

}
