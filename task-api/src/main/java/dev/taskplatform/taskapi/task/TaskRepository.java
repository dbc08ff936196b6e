package dev.taskplatform.taskapi.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.taskplatform.taskapi.outbox.OutboxRecord;
import dev.taskplatform.taskapi.outbox.OutboxWriter;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the tasks table.
 * <p>
 * (Over 200 lines: it is every statement on the table, the writing ones with the outbox
 * row they must append in the same statement, and the rows the statements take and give;
 * split, one change to the table would be spread over several classes.)
 */
@Repository
class TaskRepository {

	private static final String COLUMNS = "id, title, description, assignee, due_at, status, created_at, completed_at, "
			+ "created_by, completed_by";

	private final DatabaseClient database;

	TaskRepository(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Inserts a batch of tasks and the outbox row of each one inserted, in one statement
	 * (atomic without a transaction around it). A task whose stored Idempotency-Key is
	 * taken (by an earlier request, or earlier in the same batch) is not inserted and
	 * gets no row; the statement returns the ids inserted, with the transaction's xid.
	 */
	private static final String INSERT_BATCH = """
			WITH input AS (
			    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:titles AS text[]), CAST(:descriptions AS text[]),
			        CAST(:assignees AS text[]), CAST(:dueAts AS timestamptz[]), CAST(:createdAts AS timestamptz[]),
			        CAST(:keys AS text[]), CAST(:hashes AS text[]), CAST(:creators AS text[]), CAST(:topics AS text[]),
			        CAST(:headers AS text[]), CAST(:payloads AS text[]))
			    WITH ORDINALITY AS t(id, title, description, assignee, due_at, created_at, idempotency_key,
			        request_hash, created_by, topic, headers, payload, position)
			), inserted AS (
			    INSERT INTO tasks (id, title, description, assignee, due_at, status, created_at, idempotency_key,
			        request_hash, created_by)
			    SELECT id, title, description, assignee, due_at, 'OPEN', created_at, idempotency_key, request_hash,
			        created_by
			    -- in key order, so that two concurrent batches take the index entries of the keys in
			    -- the same order and cannot deadlock; the outbox rows follow the batch's order
			    FROM input ORDER BY idempotency_key, position
			    ON CONFLICT (idempotency_key) DO NOTHING
			    RETURNING id
			), appended AS (
			    INSERT INTO %s
			    SELECT input.topic, input.id::text, input.headers, convert_to(input.payload, 'UTF8')
			    FROM input JOIN inserted USING (id) ORDER BY input.position
			)
			SELECT id, %s AS xid FROM inserted
			""".formatted(OutboxWriter.TABLE, OutboxWriter.XID);

	/**
	 * Completes an open task and appends its event in one statement; nothing when the
	 * task is unknown or already completed.
	 */
	private static final String COMPLETE = """
			WITH completed AS (
			    UPDATE tasks SET status = 'COMPLETED', completed_at = :completedAt, completed_by = :completedBy
			    WHERE id = :id AND status = 'OPEN'
			    RETURNING %1$s
			), appended AS (
			    INSERT INTO %2$s
			    SELECT :topic, :key, :headers, :payload FROM completed
			)
			SELECT %1$s, %3$s AS xid FROM completed
			""".formatted(COLUMNS, OutboxWriter.TABLE, OutboxWriter.XID);

	/**
	 * Inserts the tasks, each with its outbox row, in one statement.
	 * @param batch the tasks, in the order their rows are to be published
	 * @return the ids of the tasks inserted (a task whose Idempotency-Key was taken is
	 * missing) and the xid of the statement's transaction
	 */
	Mono<Inserted> insertAll(List<NewTask> batch) {
		int size = batch.size();
		UUID[] ids = new UUID[size];
		String[] titles = new String[size];
		String[] descriptions = new String[size];
		String[] assignees = new String[size];
		Instant[] dueAts = new Instant[size];
		Instant[] createdAts = new Instant[size];
		String[] keys = new String[size];
		String[] hashes = new String[size];
		String[] creators = new String[size];
		String[] topics = new String[size];
		String[] headers = new String[size];
		// event JSON, as text: the driver's bytea[]
		// encoding does not survive the round trip
		String[] payloads = new String[size];
		for (int i = 0; i < size; i++) {
			NewTask entry = batch.get(i);
			Task task = entry.task();
			ids[i] = task.id();
			titles[i] = task.title();
			descriptions[i] = task.description();
			assignees[i] = task.assignee();
			dueAts[i] = task.dueAt();
			createdAts[i] = task.createdAt();
			keys[i] = entry.idempotencyKey();
			hashes[i] = entry.requestHash();
			creators[i] = task.createdBy();
			topics[i] = entry.event().topic();
			headers[i] = entry.event().headers();
			payloads[i] = new String(entry.event().payload(), StandardCharsets.UTF_8);
		}
		return this.database.sql(INSERT_BATCH)
			.bind("ids", ids)
			.bind("titles", titles)
			.bind("descriptions", descriptions)
			.bind("assignees", assignees)
			.bind("dueAts", dueAts)
			.bind("createdAts", createdAts)
			.bind("keys", keys)
			.bind("hashes", hashes)
			.bind("creators", creators)
			.bind("topics", topics)
			.bind("headers", headers)
			.bind("payloads", payloads)
			.map((row) -> new InsertedRow(row.get("id", UUID.class), row.get("xid", Long.class)))
			.all()
			.collectList()
			.map(Inserted::of);
	}

	/**
	 * Completes an open task and appends its event; empty when the task is unknown or
	 * already completed.
	 */
	Mono<Completed> complete(UUID id, Instant completedAt, @Nullable String completedBy, OutboxRecord event) {
		DatabaseClient.GenericExecuteSpec spec = this.database.sql(COMPLETE)
			.bind("id", id)
			.bind("completedAt", completedAt);
		spec = (completedBy != null) ? spec.bind("completedBy", completedBy)
				: spec.bindNull("completedBy", String.class);
		return spec.bind("topic", event.topic())
			.bind("key", event.key())
			.bind("headers", event.headers())
			.bind("payload", event.payload())
			.map((row) -> new Completed(task(row), row.get("xid", Long.class)))
			.one();
	}

	Mono<Task> findById(UUID id) {
		return this.database.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
			.bind("id", id)
			.map(TaskRepository::task)
			.one();
	}

	/**
	 * The task created under a stored Idempotency-Key ({@link TaskService#storedKey}).
	 */
	Mono<StoredRequest> findByIdempotencyKey(String key) {
		return this.database.sql("SELECT " + COLUMNS + ", request_hash FROM tasks WHERE idempotency_key = :key")
			.bind("key", key)
			.map((row) -> new StoredRequest(task(row), row.get("request_hash", String.class)))
			.one();
	}

	/**
	 * Newest first, after the cursor if one is given; asks one row more than the limit.
	 */
	Flux<Task> page(@Nullable TaskStatus status, @Nullable PageCursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE true");
		if (status != null) {
			sql.append(" AND status = :status");
		}
		if (after != null) {
			sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		DatabaseClient.GenericExecuteSpec spec = this.database.sql(sql.toString()).bind("limit", limit);
		if (status != null) {
			spec = spec.bind("status", status.name());
		}
		if (after != null) {
			spec = spec.bind("afterCreatedAt", after.createdAt()).bind("afterId", after.id());
		}
		return spec.map(TaskRepository::task).all();
	}

	private static Task task(Readable row) {
		return new Task(row.get("id", UUID.class), row.get("title", String.class), row.get("description", String.class),
				row.get("assignee", String.class), row.get("due_at", Instant.class),
				TaskStatus.valueOf(row.get("status", String.class)), row.get("created_at", Instant.class),
				row.get("completed_at", Instant.class), row.get("created_by", String.class),
				row.get("completed_by", String.class));
	}

	/**
	 * A task created under an Idempotency-Key, with the fingerprint of its request.
	 *
	 * @param task the task
	 * @param requestHash the fingerprint of the request that created it
	 */
	record StoredRequest(Task task, @Nullable String requestHash) {

	}

	/**
	 * A task to insert, with what its creation must store beside it.
	 *
	 * @param task the task
	 * @param idempotencyKey the client's key, or {@code null}
	 * @param requestHash the fingerprint of the request, with a key
	 * @param event the outbox row of its {@code task.created}
	 */
	record NewTask(Task task, @Nullable String idempotencyKey, @Nullable String requestHash, OutboxRecord event) {

	}

	/**
	 * What a batch insert did.
	 *
	 * @param ids the tasks inserted
	 * @param xid the transaction that inserted them (0 when none was)
	 */
	record Inserted(Set<UUID> ids, long xid) {

		private static Inserted of(List<InsertedRow> rows) {
			Set<UUID> ids = new HashSet<>(rows.size() * 2);
			for (InsertedRow row : rows) {
				ids.add(row.id());
			}
			return new Inserted(ids, rows.isEmpty() ? 0 : rows.get(0).xid());
		}

	}

	private record InsertedRow(UUID id, long xid) {

	}

	/**
	 * A task completed now.
	 *
	 * @param task the task as completed
	 * @param xid the transaction that completed it
	 */
	record Completed(Task task, long xid) {

	}

}
