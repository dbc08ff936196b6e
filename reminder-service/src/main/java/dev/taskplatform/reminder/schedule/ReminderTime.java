package dev.taskplatform.reminder.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When a task's reminder fires: {@code lead} before it is due; at once when that moment
 * has passed but the task is not due yet; never for a task without a due date or already
 * due (a reminder after the fact helps nobody).
 */
final class ReminderTime {

	private ReminderTime() {
	}

	/**
	 * The moment a task's reminder fires.
	 * @param dueAt when the task is due, if it has a due date
	 * @param lead how long before it is due
	 * @param now the current moment
	 * @return when to fire, not before {@code now}; empty when there is no reminder
	 */
	static Optional<Instant> remindAt(@Nullable Instant dueAt, Duration lead, Instant now) {
		if (dueAt == null || !dueAt.isAfter(now)) {
			return Optional.empty();
		}
		Instant remindAt = dueAt.minus(lead);
		return Optional.of(remindAt.isAfter(now) ? remindAt : now);
	}

}
