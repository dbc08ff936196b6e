package dev.taskplatform.notification.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.taskplatform.consumer.SqlColumns;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL of the notification ledger. A row per event id: recording an event a second time
 * finds the first row instead. Built for batches: a poll's events are recorded with one
 * insert, and its deliveries marked SENT with one update (each the same statement text
 * whatever the poll's size). Single statements run without a transaction of their own
 * (auto-commit: one round trip).
 */
@Repository
public class NotificationRepository {

	private static final String COLUMNS = "id, event_id, kind, task_id, channel, recipient, status, attempts, "
			+ "last_error, created_at, sent_at, next_attempt_at";

	private static final RowMapper<Notification> NOTIFICATION = (row, number) -> new Notification(
			row.getObject("id", UUID.class), row.getString("event_id"),
			Notification.Kind.valueOf(row.getString("kind")), row.getObject("task_id", UUID.class),
			channel(row.getString("channel")), row.getString("recipient"),
			Notification.Status.valueOf(row.getString("status")), row.getInt("attempts"), row.getString("last_error"),
			row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("sent_at")),
			instant(row.getTimestamp("next_attempt_at")));

	private final JdbcClient jdbc;

	NotificationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the notifications of a batch, skipping events recorded already, in one
	 * transaction: one multi-row insert, then (only when some events were there before)
	 * one select of their rows.
	 * @param candidates the rows to insert, one per event id (not sent yet: no error, no
	 * sending time)
	 * @return per event id, the inserted row or the one recorded earlier
	 */
	@Transactional
	public Map<String, Recorded> recordAll(List<Notification> candidates) {
		if (candidates.isEmpty()) {
			return Map.of();
		}
		// in event id order: concurrent batches lock the same ids in the same order; one
		// statement text whatever the batch's size, so that it is parsed once
		List<Notification> sorted = candidates.stream().sorted(Comparator.comparing(Notification::eventId)).toList();
		Set<String> inserted = new HashSet<>(this.jdbc
			.sql("""
					INSERT INTO notifications (id, event_id, kind, task_id, channel, recipient, status, attempts, created_at)
					SELECT n.id, n.event_id, n.kind, n.task_id, n.channel, n.recipient, n.status, 0, ?
					FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS uuid[]),
					    CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
					    WITH ORDINALITY AS n(id, event_id, kind, task_id, channel, recipient, status, position)
					ORDER BY n.position
					ON CONFLICT (event_id) DO NOTHING
					RETURNING event_id""")
			.params(Timestamp.from(sorted.get(0).createdAt()), SqlColumns.text(sorted, Notification::id),
					SqlColumns.text(sorted, Notification::eventId), SqlColumns.text(sorted, Notification::kind),
					SqlColumns.text(sorted, Notification::taskId), SqlColumns.text(sorted, Notification::channel),
					SqlColumns.text(sorted, Notification::recipient), SqlColumns.text(sorted, Notification::status))
			.query((row, number) -> row.getString(1))
			.list());
		Map<String, Recorded> recorded = new HashMap<>();
		List<String> existing = new ArrayList<>();
		for (Notification candidate : candidates) {
			if (inserted.contains(candidate.eventId())) {
				recorded.put(candidate.eventId(), new Recorded(candidate, true));
			}
			else {
				existing.add(candidate.eventId());
			}
		}
		if (!existing.isEmpty()) {
			// READ COMMITTED: the conflicting rows are
			// committed, so this statement sees them
			this.jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE event_id = ANY(?)")
				.param(new SqlArrayValue("text", existing.toArray()))
				.query(NOTIFICATION)
				.list()
				.forEach((row) -> recorded.put(row.eventId(), new Recorded(row, false)));
		}
		return recorded;
	}

	/**
	 * Marks delivered notifications SENT, all in one statement.
	 * @param channel the channel that delivered them
	 * @param sent the deliveries
	 */
	public void markSent(Notification.Channel channel, List<Sent> sent) {
		if (sent.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("UPDATE notifications AS n SET status = 'SENT', channel = ?, attempts = s.attempts, "
					+ "last_error = NULL, sent_at = s.sent_at, next_attempt_at = NULL "
					+ "FROM unnest(?::uuid[], ?::integer[], ?::timestamptz[]) AS s (id, attempts, sent_at) "
					+ "WHERE n.id = s.id AND n.status IN ('PENDING', 'FAILED')")
			.params(channel.name(), new SqlArrayValue("text", sent.stream().map((s) -> s.id().toString()).toArray()),
					new SqlArrayValue("int4", sent.stream().map(Sent::attempts).toArray()),
					new SqlArrayValue("text", sent.stream().map((s) -> s.sentAt().toString()).toArray()))
			.update();
	}

	public void markFailed(UUID id, Notification.Channel channel, int attempts, String error) {
		this.jdbc
			.sql("UPDATE notifications SET status = 'FAILED', channel = ?, attempts = ?, last_error = ?, "
					+ "next_attempt_at = NULL WHERE id = ? AND status IN ('PENDING', 'FAILED')")
			.params(channel.name(), attempts, error, id)
			.update();
	}

	/**
	 * Records an attempt the receiver could not take; the notification stays PENDING
	 * until the next.
	 * @param id the notification
	 * @param channel the channel tried
	 * @param attempts attempts so far
	 * @param error why it failed
	 * @param nextAttemptAt when it may be attempted again
	 */
	public void markRetrying(UUID id, Notification.Channel channel, int attempts, String error, Instant nextAttemptAt) {
		this.jdbc
			.sql("UPDATE notifications SET status = 'PENDING', channel = ?, attempts = ?, last_error = ?, "
					+ "next_attempt_at = ? WHERE id = ? AND status IN ('PENDING', 'FAILED')")
			.params(channel.name(), attempts, error, Timestamp.from(nextAttemptAt), id)
			.update();
	}

	/**
	 * Notifications in the order they were recorded.
	 * @param taskId only this task's, or all
	 * @param limit most rows
	 * @return the rows
	 */
	List<Notification> list(@Nullable UUID taskId, int limit) {
		if (taskId == null) {
			return this.jdbc.sql("SELECT " + COLUMNS + " FROM notifications ORDER BY created_at, id LIMIT ?")
				.param(limit)
				.query(NOTIFICATION)
				.list();
		}
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM notifications WHERE task_id = ? ORDER BY created_at, id LIMIT ?")
			.params(taskId, limit)
			.query(NOTIFICATION)
			.list();
	}

	private static Notification.@Nullable Channel channel(@Nullable String name) {
		return (name != null) ? Notification.Channel.valueOf(name) : null;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * The row of an event.
	 *
	 * @param notification the row
	 * @param isNew whether this call inserted it
	 */
	public record Recorded(Notification notification, boolean isNew) {

	}

	/**
	 * A successful delivery.
	 *
	 * @param id the notification's id
	 * @param attempts how many attempts it took
	 * @param sentAt when the recipient took it
	 */
	public record Sent(UUID id, int attempts, Instant sentAt) {

	}

}
