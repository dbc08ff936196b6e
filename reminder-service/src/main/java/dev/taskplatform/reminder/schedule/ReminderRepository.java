package dev.taskplatform.reminder.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import dev.taskplatform.consumer.SqlColumns;
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
	 * Records events as processed.
	 * @param eventIds their {@code ce_id}s
	 * @param at now
	 * @return the ids not processed before (the others are redeliveries)
	 */
	Set<String> markProcessed(Collection<String> eventIds, Instant at) {
		// in id order: two polls recording the same ids at once lock them in one order
		return new HashSet<>(this.jdbc.sql("""
				INSERT INTO processed_events (event_id, processed_at)
				SELECT id, ? FROM unnest(CAST(? AS text[])) AS t(id) ORDER BY id
				ON CONFLICT DO NOTHING
				RETURNING event_id""")
			.params(Timestamp.from(at), new TreeSet<>(eventIds).toArray(String[]::new))
			.query(String.class)
			.list());
	}

	/**
	 * Inserts the reminders of tasks that have none yet (a task may have one already,
	 * e.g. cancelled because its completion was seen first).
	 * @param reminders the reminders, each with the trace its firing continues
	 * @param at now
	 * @return the tasks whose reminder was inserted
	 */
	Set<UUID> insertAll(List<NewReminder> reminders, Instant at) {
		List<NewReminder> sorted = reminders.stream()
			.sorted(Comparator.comparing((NewReminder reminder) -> reminder.reminder().taskId()))
			.toList();
		return new HashSet<>(this.jdbc.sql("""
				INSERT INTO reminders (id, task_id, title, assignee, due_at, remind_at, status, sent_at, created_at,
				    updated_at, traceparent)
				SELECT r.id, r.task_id, r.title, r.assignee, r.due_at, r.remind_at, r.status, NULL, ?, ?, r.traceparent
				FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]),
				    CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]))
				    WITH ORDINALITY AS r(id, task_id, title, assignee, due_at, remind_at, status, traceparent, n)
				ORDER BY r.n
				ON CONFLICT (task_id) DO NOTHING
				RETURNING task_id""")
			.params(Timestamp.from(at), Timestamp.from(at), SqlColumns.text(sorted, (r) -> r.reminder().id()),
					SqlColumns.text(sorted, (r) -> r.reminder().taskId()),
					SqlColumns.text(sorted, (r) -> r.reminder().title()),
					SqlColumns.text(sorted, (r) -> r.reminder().assignee()),
					SqlColumns.text(sorted, (r) -> r.reminder().dueAt()),
					SqlColumns.text(sorted, (r) -> r.reminder().remindAt()),
					SqlColumns.text(sorted, (r) -> r.reminder().status()),
					SqlColumns.text(sorted, NewReminder::traceparent))
			.query((row, number) -> row.getObject("task_id", UUID.class))
			.list());
	}

	/**
	 * A reminder to insert.
	 *
	 * @param reminder the reminder
	 * @param traceparent the trace its firing continues, if any
	 */
	record NewReminder(Reminder reminder, @Nullable String traceparent) {
	}

	/**
	 * Fills in the tasks' details on reminders cancelled before their creation was seen,
	 * so that the read API shows what was cancelled.
	 * @param reminders the reminders the creations would have inserted
	 * @param at now
	 */
	void describeCancelled(List<Reminder> reminders, Instant at) {
		if (reminders.isEmpty()) {
			return;
		}
		List<Reminder> sorted = reminders.stream().sorted(Comparator.comparing(Reminder::taskId)).toList();
		this.jdbc.sql("""
				UPDATE reminders SET title = d.title, assignee = d.assignee, due_at = d.due_at, updated_at = ?
				FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS timestamptz[]))
				    AS d(task_id, title, assignee, due_at)
				WHERE reminders.task_id = d.task_id AND reminders.status = 'CANCELLED' AND reminders.title IS NULL""")
			.params(Timestamp.from(at), SqlColumns.text(sorted, Reminder::taskId),
					SqlColumns.text(sorted, Reminder::title), SqlColumns.text(sorted, Reminder::assignee),
					SqlColumns.text(sorted, Reminder::dueAt))
			.update();
	}

	/**
	 * Cancels the tasks' scheduled reminders, or records the cancellation for tasks whose
	 * creation has not been seen yet. One statement: if a creation is being applied
	 * concurrently, PostgreSQL waits for it and then cancels what it scheduled; if a
	 * reminder is firing (row locked), it waits and then leaves the SENT reminder alone.
	 * @param taskIds the completed tasks, each once
	 * @param at now
	 * @return the tasks whose reminder was cancelled or whose cancellation was recorded
	 */
	Set<UUID> cancelAll(SortedSet<UUID> taskIds, Instant at) {
		List<UUID> tasks = List.copyOf(taskIds);
		return new HashSet<>(this.jdbc.sql("""
				INSERT INTO reminders (id, task_id, status, created_at, updated_at)
				SELECT gen_random_uuid(), c.task_id, 'CANCELLED', ?, ?
				FROM unnest(CAST(? AS uuid[])) WITH ORDINALITY AS c(task_id, n) ORDER BY c.n
				ON CONFLICT (task_id) DO UPDATE SET status = 'CANCELLED', updated_at = EXCLUDED.updated_at
				WHERE reminders.status = 'SCHEDULED'
				RETURNING task_id""")
			.params(Timestamp.from(at), Timestamp.from(at), SqlColumns.text(tasks, (task) -> task))
			.query((row, number) -> row.getObject("task_id", UUID.class))
			.list());
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
