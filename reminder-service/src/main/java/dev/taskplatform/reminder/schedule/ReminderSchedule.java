package dev.taskplatform.reminder.schedule;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.taskplatform.consumer.SqlColumns;

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
	 * Schedules reminders' firings.
	 * @param firings the new SCHEDULED reminders' tasks, each with its firing time
	 */
	void scheduleAll(List<Firing> firings) {
		if (firings.isEmpty()) {
			return;
		}
		List<Firing> sorted = firings.stream().sorted(Comparator.comparing(Firing::taskId)).toList();
		this.jdbc
			.sql("""
					INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
					SELECT ?, e.instance, NULL, e.execution_time, FALSE, 1
					FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[])) WITH ORDINALITY AS e(instance, execution_time, n)
					ORDER BY e.n
					ON CONFLICT (task_name, task_instance) DO NOTHING""")
			.params(SendReminderTaskConfiguration.SEND_REMINDER.getTaskName(), SqlColumns.text(sorted, Firing::taskId),
					SqlColumns.text(sorted, Firing::at))
			.update();
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
			.params(SendReminderTaskConfiguration.SEND_REMINDER.getTaskName(),
					SqlColumns.text(taskIds.stream().sorted().toList(), (taskId) -> taskId))
			.update();
	}

	/**
	 * When a reminder's execution is due.
	 *
	 * @param taskId the task
	 * @param at the execution time
	 */
	record Firing(UUID taskId, Instant at) {
	}

}
