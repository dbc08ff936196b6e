package dev.taskplatform.reminder.reminder;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.taskplatform.consumer.SqlColumns;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes and removes the db-scheduler executions of reminders, a poll's at a time, in the
 * transaction of the poll's effect. db-scheduler's {@code SchedulerClient} writes one
 * execution per call, with a lookup first; these are one statement for a poll. They write
 * what its {@code JdbcTaskRepository} (16.x) writes for a new one-time execution: no task
 * data, not picked, version 1, no priority (priority ordering is off).
 */
@Repository
class ReminderSchedule {

	private final JdbcClient jdbc;

	ReminderSchedule(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Schedules the reminders' firings, each at its {@code remindAt} or at
	 * {@code notBefore}, whichever is later.
	 * @param reminders new SCHEDULED reminders
	 * @param notBefore the earliest firing time
	 */
	void scheduleAll(List<Reminder> reminders, Instant notBefore) {
		if (reminders.isEmpty()) {
			return;
		}
		List<Reminder> sorted = reminders.stream().sorted(Comparator.comparing(Reminder::taskId)).toList();
		this.jdbc
			.sql("""
					INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
					SELECT ?, e.instance, NULL, e.execution_time, FALSE, 1
					FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[])) WITH ORDINALITY AS e(instance, execution_time, n)
					ORDER BY e.n
					ON CONFLICT (task_name, task_instance) DO NOTHING""")
			.params(ReminderTask.SEND_REMINDER.getTaskName(), SqlColumns.text(sorted, Reminder::taskId),
					SqlColumns.text(sorted, (reminder) -> latest(reminder.remindAt(), notBefore)))
			.update();
	}

	private static Instant latest(@Nullable Instant remindAt, Instant notBefore) {
		return (remindAt != null && remindAt.isAfter(notBefore)) ? remindAt : notBefore;
	}

	/**
	 * Removes the executions of cancelled reminders. An execution being fired (picked)
	 * stays: the firing waits for the cancellation's row lock, finds the reminder
	 * CANCELLED, publishes nothing, and db-scheduler then removes it.
	 * @param taskIds the tasks whose reminder was cancelled
	 */
	void cancelAll(Collection<UUID> taskIds) {
		if (taskIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				DELETE FROM scheduled_tasks
				WHERE task_name = ? AND task_instance = ANY (CAST(? AS text[])) AND NOT picked""")
			.params(ReminderTask.SEND_REMINDER.getTaskName(),
					SqlColumns.text(taskIds.stream().sorted().toList(), (taskId) -> taskId))
			.update();
	}

}
