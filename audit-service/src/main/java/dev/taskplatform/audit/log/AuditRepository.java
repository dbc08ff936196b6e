package dev.taskplatform.audit.log;

import java.sql.Timestamp;
import java.time.Instant;
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
			+ "payload::text AS payload, hash_scheme, hash";

	private static final RowMapper<AuditRecord> RECORD = (row, number) -> new AuditRecord(row.getLong("sequence"),
			row.getString("event_id"), row.getString("type"), row.getObject("task_id", UUID.class),
			row.getTimestamp("occurred_at").toInstant(), row.getTimestamp("recorded_at").toInstant(),
			row.getString("source"), row.getString("payload"), row.getInt("hash_scheme"), row.getString("hash"));

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

	/**
	 * What appending a batch needs, in one statement (under the chain lock, so that the
	 * head cannot move meanwhile): the chain's head, and which of the events are recorded
	 * already.
	 * @param eventIds the events' ids
	 * @return the head and the ids among them recorded before
	 */
	Batch prepare(List<String> eventIds) {
		Set<String> recorded = new HashSet<>();
		ChainHead[] head = { new ChainHead(0, HashChain.GENESIS) };
		this.jdbc.sql("""
				WITH head AS (SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1)
				SELECT head.sequence, head.hash, a.event_id
				FROM (SELECT 1) AS one
				LEFT JOIN head ON TRUE
				LEFT JOIN audit_events a ON a.event_id = ANY (CAST(? AS text[]))""")
			.param(eventIds.toArray(String[]::new))
			.query((RowCallbackHandler) (row) -> {
				if (row.getString("hash") != null) {
					head[0] = new ChainHead(row.getLong("sequence"), row.getString("hash"));
				}
				if (row.getString("event_id") != null) {
					recorded.add(row.getString("event_id"));
				}
			});
		return new Batch(head[0], recorded);
	}

	/**
	 * What {@link #prepare} found.
	 *
	 * @param head the last record of the chain
	 * @param recorded the ids of the events recorded before
	 */
	record Batch(ChainHead head, Set<String> recorded) {
	}

	/** One insert for the whole batch, the same statement whatever its size. */
	void insert(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		int size = records.size();
		String[] sequences = new String[size];
		String[] eventIds = new String[size];
		String[] types = new String[size];
		String[] taskIds = new String[size];
		String[] occurredAt = new String[size];
		String[] sources = new String[size];
		String[] payloads = new String[size];
		String[] hashSchemes = new String[size];
		String[] hashes = new String[size];
		for (int i = 0; i < size; i++) {
			AuditRecord record = records.get(i);
			sequences[i] = Long.toString(record.sequence());
			eventIds[i] = record.eventId();
			types[i] = record.type();
			taskIds[i] = record.taskId().toString();
			occurredAt[i] = record.occurredAt().toString();
			sources[i] = record.source();
			payloads[i] = record.payload();
			hashSchemes[i] = Integer.toString(record.hashScheme());
			hashes[i] = record.hash();
		}
		// one recorded_at for the batch (AuditLog gives every record of it the same)
		this.jdbc.sql("""
				INSERT INTO audit_events (sequence, event_id, type, task_id, occurred_at, recorded_at, source, payload,
				    hash_scheme, hash)
				SELECT r.sequence, r.event_id, r.type, r.task_id, r.occurred_at, ?, r.source, CAST(r.payload AS json),
				    r.hash_scheme, r.hash
				FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS uuid[]),
				    CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS smallint[]),
				    CAST(? AS text[]))
				    AS r(sequence, event_id, type, task_id, occurred_at, source, payload, hash_scheme, hash)""")
			.params(Timestamp.from(records.get(0).recordedAt()), sequences, eventIds, types, taskIds, occurredAt,
					sources, payloads, hashSchemes, hashes)
			.update();
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
