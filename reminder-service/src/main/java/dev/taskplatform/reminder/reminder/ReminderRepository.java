package dev.taskplatform.reminder.reminder;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the reminders and of the processed-event ids. Every statement that changes a
 * reminder is written so that concurrent consumers, firings and replicas cannot both win:
 * the unique task id and row locks decide.
 */
@Repository
class ReminderRepository {

	private static final String COLUMNS = "id, task_id, title, assignee, due_at, remind_at, status, sent_at";

	private static final RowMapper<Reminder> REMINDER = (row, number) -> new Reminder(row.getObject("id", UUID.class),
			row.getObject("task_id", UUID.class), row.getString("title"), row.getString("assignee"),
			instant(row, "due_at"), instant(row, "remind_at"), Reminder.Status.valueOf(row.getString("status")),
			instant(row, "sent_at"));

	private final JdbcClient jdbc;

	ReminderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records an event as processed.
	 * @param eventId its {@code ce_id}
	 * @param at now
	 * @return {@code false} if it was processed before (a redelivery)
	 */
	boolean markProcessed(String eventId, Instant at) {
		return this.jdbc
			.sql("INSERT INTO processed_events (event_id, processed_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(eventId, Timestamp.from(at))
			.update() == 1;
	}

	/**
	 * Inserts a task's reminder unless the task has one already (e.g. cancelled because
	 * its completion was seen first).
	 * @param reminder the reminder
	 * @param traceparent the trace its firing continues, if any
	 * @param at now
	 * @return whether it was inserted
	 */
	boolean insert(Reminder reminder, @Nullable String traceparent, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO reminders (id, task_id, title, assignee, due_at, remind_at, status, sent_at, created_at,
				    updated_at, traceparent)
				VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
				ON CONFLICT (task_id) DO NOTHING""")
			.params(reminder.id(), reminder.taskId(), reminder.title(), reminder.assignee(),
					timestamp(reminder.dueAt()), timestamp(reminder.remindAt()), reminder.status().name(),
					Timestamp.from(at), Timestamp.from(at), traceparent)
			.update() == 1;
	}

	/**
	 * Fills in the task's details on a reminder cancelled before its creation was seen,
	 * so that the read API shows what was cancelled.
	 */
	void describeCancelled(UUID taskId, String title, @Nullable String assignee, @Nullable Instant dueAt, Instant at) {
		this.jdbc.sql("""
				UPDATE reminders SET title = ?, assignee = ?, due_at = ?, updated_at = ?
				WHERE task_id = ? AND status = 'CANCELLED' AND title IS NULL""")
			.params(title, assignee, timestamp(dueAt), Timestamp.from(at), taskId)
			.update();
	}

	/**
	 * Cancels a task's scheduled reminder, or records the cancellation for a task whose
	 * creation has not been seen yet. One statement: if the creation is being processed
	 * concurrently, PostgreSQL waits for it and then cancels what it scheduled; if the
	 * reminder is firing (row locked), it waits and then leaves the SENT reminder alone.
	 * @param newId the id of the reminder if it has to be inserted
	 * @param taskId the completed task
	 * @param at now
	 * @return whether a reminder was cancelled or a cancellation recorded
	 */
	boolean cancel(UUID newId, UUID taskId, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO reminders (id, task_id, status, created_at, updated_at)
				VALUES (?, ?, 'CANCELLED', ?, ?)
				ON CONFLICT (task_id) DO UPDATE SET status = 'CANCELLED', updated_at = EXCLUDED.updated_at
				WHERE reminders.status = 'SCHEDULED'""")
			.params(newId, taskId, Timestamp.from(at), Timestamp.from(at))
			.update() == 1;
	}

	/**
	 * Locks a task's reminder for firing, until the end of the transaction, if it is
	 * still scheduled; with the trace context its creation carried, if any.
	 */
	Optional<Scheduled> lockScheduled(UUID taskId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ ", traceparent FROM reminders WHERE task_id = ? AND status = 'SCHEDULED' FOR UPDATE")
			.param(taskId)
			.query((row, number) -> new Scheduled(REMINDER.mapRow(row, number), row.getString("traceparent")))
			.optional();
	}

	/**
	 * A reminder locked for firing.
	 *
	 * @param reminder the reminder
	 * @param traceparent the trace its firing continues, if any
	 */
	record Scheduled(Reminder reminder, @Nullable String traceparent) {
	}

	void markSent(UUID taskId, Instant sentAt) {
		this.jdbc.sql("""
				UPDATE reminders SET status = 'SENT', sent_at = ?, updated_at = ?
				WHERE task_id = ? AND status = 'SCHEDULED'""")
			.params(Timestamp.from(sentAt), Timestamp.from(sentAt), taskId)
			.update();
	}

	/**
	 * Reminders, newest first.
	 * @param taskId only this task's
	 * @param limit most reminders
	 */
	List<Reminder> list(@Nullable UUID taskId, int limit) {
		if (taskId != null) {
			return this.jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE task_id = ?")
				.param(taskId)
				.query(REMINDER)
				.list();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM reminders ORDER BY created_at DESC, id LIMIT ?")
			.param(limit)
			.query(REMINDER)
			.list();
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
