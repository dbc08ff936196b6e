package dev.taskplatform.notification.notification;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL of the notification ledger. A row per event id: recording an event a second time
 * finds the first row instead.
 */
@Repository
class NotificationRepository {

	private static final String COLUMNS = "id, event_id, kind, task_id, channel, recipient, status, attempts, "
			+ "last_error, created_at, sent_at";

	private static final RowMapper<Notification> NOTIFICATION = (row, number) -> new Notification(
			row.getObject("id", UUID.class), row.getString("event_id"),
			Notification.Kind.valueOf(row.getString("kind")), row.getObject("task_id", UUID.class),
			channel(row.getString("channel")), row.getString("recipient"),
			Notification.Status.valueOf(row.getString("status")), row.getInt("attempts"), row.getString("last_error"),
			row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("sent_at")));

	private final JdbcClient jdbc;

	NotificationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a notification unless its event is recorded already.
	 * @param candidate the row to insert (not sent yet: no error, no sending time)
	 * @return the inserted row, or the one recorded earlier for the same event
	 */
	@Transactional
	Recorded record(Notification candidate) {
		int inserted = this.jdbc
			.sql("INSERT INTO notifications (id, event_id, kind, task_id, channel, recipient, status, attempts, "
					+ "created_at) VALUES (:id, :eventId, :kind, :taskId, :channel, :recipient, :status, :attempts, "
					+ ":createdAt) ON CONFLICT (event_id) DO NOTHING")
			.param("id", candidate.id())
			.param("eventId", candidate.eventId())
			.param("kind", candidate.kind().name())
			.param("taskId", candidate.taskId())
			.param("channel", (candidate.channel() != null) ? candidate.channel().name() : null, Types.VARCHAR)
			.param("recipient", candidate.recipient(), Types.VARCHAR)
			.param("status", candidate.status().name())
			.param("attempts", candidate.attempts())
			.param("createdAt", Timestamp.from(candidate.createdAt()))
			.update();
		if (inserted == 1) {
			return new Recorded(candidate, true);
		}
		// READ COMMITTED: the conflicting row is committed, so this statement sees it
		return new Recorded(this.jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE event_id = ?")
			.param(candidate.eventId())
			.query(NOTIFICATION)
			.single(), false);
	}

	@Transactional
	void markSent(UUID id, Notification.Channel channel, int attempts, Instant sentAt) {
		this.jdbc
			.sql("UPDATE notifications SET status = 'SENT', channel = ?, attempts = ?, last_error = NULL, "
					+ "sent_at = ? WHERE id = ? AND status IN ('PENDING', 'FAILED')")
			.params(channel.name(), attempts, Timestamp.from(sentAt), id)
			.update();
	}

	@Transactional
	void markFailed(UUID id, Notification.Channel channel, int attempts, String error) {
		this.jdbc
			.sql("UPDATE notifications SET status = 'FAILED', channel = ?, attempts = ?, last_error = ? "
					+ "WHERE id = ? AND status IN ('PENDING', 'FAILED')")
			.params(channel.name(), attempts, error, id)
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
	record Recorded(Notification notification, boolean isNew) {

	}

}
