package dev.taskplatform.audit.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the audit log. There is no update or delete here, and the database refuses them.
 */
@Repository
class AuditRepository {

	/** Serializes appenders, across replicas too: the chain has one head. */
	private static final long CHAIN_LOCK = 0x6175646974L;

	private static final String COLUMNS = "sequence, event_id, type, task_id, occurred_at, recorded_at, source, "
			+ "payload::text AS payload, hash";

	private static final RowMapper<AuditRecord> RECORD = (row, number) -> new AuditRecord(row.getLong("sequence"),
			row.getString("event_id"), row.getString("type"), row.getObject("task_id", UUID.class),
			row.getTimestamp("occurred_at").toInstant(), row.getTimestamp("recorded_at").toInstant(),
			row.getString("source"), row.getString("payload"), row.getString("hash"));

	private final JdbcClient jdbc;

	private final JdbcTemplate streaming;

	AuditRepository(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.streaming = new JdbcTemplate(dataSource);
		// with autocommit off (in a transaction) the driver then fetches rows in chunks
		this.streaming.setFetchSize(1000);
	}

	/** Takes the chain lock until the end of the current transaction. */
	void lockChain() {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query((row, number) -> 1).single();
	}

	ChainHead head() {
		return this.jdbc.sql("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1")
			.query((row, number) -> new ChainHead(row.getLong("sequence"), row.getString("hash")))
			.optional()
			.orElse(new ChainHead(0, HashChain.GENESIS));
	}

	Set<String> recordedEventIds(Collection<String> eventIds) {
		if (eventIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("SELECT event_id FROM audit_events WHERE event_id IN (:ids)")
			.param("ids", eventIds)
			.query(String.class)
			.list());
	}

	/**
	 * The payloads as PostgreSQL's jsonb will store and render them (key order, spacing,
	 * numbers), so that what is hashed is exactly what {@code verify} reads back.
	 * @param payloads JSON texts
	 * @return their jsonb renderings, in the same order
	 */
	List<String> asStored(List<String> payloads) {
		if (payloads.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT CAST(CAST(p AS jsonb) AS text) FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t(p, n) "
					+ "ORDER BY n")
			.param(payloads.toArray(String[]::new))
			.query(String.class)
			.list();
	}

	/** One multi-row insert for the whole batch. */
	void insert(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		StringBuilder sql = new StringBuilder("INSERT INTO audit_events (sequence, event_id, type, task_id, "
				+ "occurred_at, recorded_at, source, payload, hash) VALUES ");
		List<Object> params = new ArrayList<>(records.size() * 9);
		for (int i = 0; i < records.size(); i++) {
			AuditRecord record = records.get(i);
			sql.append((i > 0) ? ", " : "").append("(?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)");
			params.addAll(List.of(record.sequence(), record.eventId(), record.type(), record.taskId(),
					Timestamp.from(record.occurredAt()), Timestamp.from(record.recordedAt()), record.source(),
					record.payload(), record.hash()));
		}
		this.jdbc.sql(sql.toString()).params(params).update();
	}

	List<AuditRecord> page(AuditQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE sequence > :after");
		if (query.taskId() != null) {
			sql.append(" AND task_id = :taskId");
		}
		if (query.type() != null) {
			sql.append(" AND type = :type");
		}
		if (query.from() != null) {
			sql.append(" AND occurred_at >= :from");
		}
		if (query.to() != null) {
			sql.append(" AND occurred_at < :to");
		}
		sql.append(" ORDER BY sequence LIMIT :limit");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("after", query.afterSequence())
			.param("limit", query.limit());
		if (query.taskId() != null) {
			statement = statement.param("taskId", query.taskId());
		}
		if (query.type() != null) {
			statement = statement.param("type", query.type());
		}
		if (query.from() != null) {
			statement = statement.param("from", timestamp(query.from()));
		}
		if (query.to() != null) {
			statement = statement.param("to", timestamp(query.to()));
		}
		return statement.query(RECORD).list();
	}

	/** Streams the whole log in sequence order without holding it in memory. */
	void walk(Consumer<AuditRecord> visitor) {
		this.streaming.query("SELECT " + COLUMNS + " FROM audit_events ORDER BY sequence",
				(RowCallbackHandler) (row) -> visitor.accept(RECORD.mapRow(row, 0)));
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * The last record of the chain.
	 *
	 * @param sequence its sequence, 0 for an empty log
	 * @param hash its hash, {@link HashChain#GENESIS} for an empty log
	 */
	record ChainHead(long sequence, String hash) {

	}

}
