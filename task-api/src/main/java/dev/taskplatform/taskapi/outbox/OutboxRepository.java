package dev.taskplatform.taskapi.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * SQL of the relay and of the outbox's upkeep. Writers append rows with their own
 * statements ({@link OutboxWriter#TABLE}); nothing here changes a row once written.
 */
class OutboxRepository {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	/**
	 * The rows after a position, in order, but only those of transactions older than
	 * every transaction still running (the snapshot's {@code xmin}): a transaction that
	 * commits later can only have a larger xid than what is returned, so reading on from
	 * the last row returned never skips a row. The horizon comes back even without rows.
	 */
	static final String READ = """
			SELECT h.horizon, o.xid, o.id, o.topic, o.message_key, o.headers, o.payload, o.created_at
			FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon) h
			LEFT JOIN LATERAL (
			    SELECT xid, id, topic, message_key, headers, payload, created_at
			    FROM outbox_events
			    WHERE (xid, id) > (:xid, :id) AND xid < h.horizon
			    ORDER BY xid, id
			    LIMIT :limit) o ON true
			ORDER BY o.xid, o.id
			""";

	private static final String STORE_MARK = "UPDATE outbox_relay_mark SET xid = :xid, id = :id, updated_at = now() "
			+ "WHERE (xid, id) <= (:xid, :id)";

	/** Sets a row aside and moves the mark onto it, in one statement. */
	private static final String PARK = """
			WITH parked AS (
			    INSERT INTO outbox_parked (xid, id, topic, message_key, headers, payload, created_at, error)
			    SELECT xid, id, topic, message_key, headers, payload, created_at, :error
			    FROM outbox_events WHERE xid = :xid AND id = :id
			    ON CONFLICT DO NOTHING)
			UPDATE outbox_relay_mark SET xid = :xid, id = :id, updated_at = now() WHERE (xid, id) < (:xid, :id)
			""";

	private static final String BACKLOG = """
			SELECT count(*) AS rows, min(e.created_at) AS oldest, (SELECT count(*) FROM outbox_parked) AS parked
			FROM outbox_events e, outbox_relay_mark m
			WHERE (e.xid, e.id) > (m.xid, m.id)
			""";

	/** Published rows past their retention, a bounded number at a time. */
	private static final String PURGE = """
			DELETE FROM outbox_events WHERE ctid = ANY (ARRAY(
			    SELECT e.ctid FROM outbox_events e, outbox_relay_mark m
			    WHERE e.created_at < :cutoff AND (e.xid, e.id) <= (m.xid, m.id)
			    LIMIT :limit))
			""";

	private final DatabaseClient database;

	private final JsonMapper json;

	OutboxRepository(DatabaseClient database, JsonMapper json) {
		this.database = database;
		this.json = json;
	}

	/**
	 * Up to {@code limit} rows after {@code after}, in order, that no running transaction
	 * can precede.
	 */
	Mono<Page> readAfter(OutboxPosition after, int limit) {
		return this.database.sql(READ)
			.bind("xid", after.xid())
			.bind("id", after.id())
			.bind("limit", limit)
			.map(this::pageRow)
			.all()
			.collectList()
			.map(Page::of);
	}

	Mono<OutboxPosition> mark() {
		return this.database.sql("SELECT xid, id FROM outbox_relay_mark")
			.map((row) -> new OutboxPosition(row.get("xid", Long.class), row.get("id", Long.class)))
			.one();
	}

	/**
	 * Moves the stored mark forward (never back) and records when the relay last did so.
	 */
	Mono<Void> storeMark(OutboxPosition mark) {
		return this.database.sql(STORE_MARK).bind("xid", mark.xid()).bind("id", mark.id()).then();
	}

	/** Sets the row aside with the reason, and moves the mark onto it. */
	Mono<Void> park(OutboxPosition row, String error) {
		return this.database.sql(PARK).bind("xid", row.xid()).bind("id", row.id()).bind("error", error).then();
	}

	/** Parked rows after a position, in order. */
	Mono<List<OutboxRow>> parkedAfter(OutboxPosition after, int limit) {
		return this.database
			.sql("SELECT xid, id, topic, message_key, headers, payload, created_at FROM outbox_parked "
					+ "WHERE (xid, id) > (:xid, :id) ORDER BY xid, id LIMIT :limit")
			.bind("xid", after.xid())
			.bind("id", after.id())
			.bind("limit", limit)
			.map((row) -> outboxRow(row))
			.all()
			.collectList();
	}

	/** Removes parked rows once they were published. */
	Mono<Long> unpark(List<OutboxPosition> rows) {
		if (rows.isEmpty()) {
			return Mono.just(0L);
		}
		return this.database
			.sql("DELETE FROM outbox_parked WHERE (xid, id) IN "
					+ "(SELECT * FROM unnest(CAST(:xids AS bigint[]), CAST(:ids AS bigint[])))")
			.bind("xids", rows.stream().map(OutboxPosition::xid).toArray(Long[]::new))
			.bind("ids", rows.stream().map(OutboxPosition::id).toArray(Long[]::new))
			.fetch()
			.rowsUpdated();
	}

	Mono<Backlog> backlog() {
		return this.database.sql(BACKLOG).map((row) -> {
			Instant oldest = row.get("oldest", Instant.class);
			Duration age = (oldest != null) ? Duration.between(oldest, Instant.now()) : Duration.ZERO;
			return new Backlog(row.get("rows", Long.class), age.isNegative() ? Duration.ZERO : age,
					row.get("parked", Long.class));
		}).one();
	}

	/** Deletes up to {@code limit} published rows written before the cutoff. */
	Mono<Long> purgePublishedBefore(Instant cutoff, int limit) {
		return this.database.sql(PURGE).bind("cutoff", cutoff).bind("limit", limit).fetch().rowsUpdated();
	}

	/**
	 * Rows read, and the horizon they were read below.
	 *
	 * @param rows the rows, in order
	 * @param horizon the oldest transaction still running when they were read: rows of it
	 * or of later transactions may still come
	 */
	record Page(List<OutboxRow> rows, long horizon) {

		private static Page of(List<PageRow> read) {
			List<OutboxRow> rows = new ArrayList<>(read.size());
			for (PageRow row : read) {
				if (row.row() != null) {
					rows.add(row.row());
				}
			}
			return new Page(rows, read.isEmpty() ? 0 : read.get(0).horizon());
		}

	}

	/**
	 * The outbox's state as operators watch it.
	 *
	 * @param rows rows not yet published (after the stored mark)
	 * @param oldestAge age of the oldest of them
	 * @param parked rows set aside because Kafka kept refusing them
	 */
	record Backlog(long rows, Duration oldestAge, long parked) {

	}

	private PageRow pageRow(Readable row) {
		return new PageRow(row.get("horizon", Long.class),
				(row.get("xid", Long.class) == null) ? null : outboxRow(row));
	}

	private OutboxRow outboxRow(Readable row) {
		return new OutboxRow(new OutboxPosition(row.get("xid", Long.class), row.get("id", Long.class)),
				row.get("topic", String.class), row.get("message_key", String.class),
				this.json.readValue(row.get("headers", String.class), HEADERS), row.get("payload", byte[].class),
				row.get("created_at", Instant.class));
	}

	/** A row of {@link #READ}: the horizon, and an outbox row unless there was none. */
	private record PageRow(long horizon, @Nullable OutboxRow row) {

	}

}
