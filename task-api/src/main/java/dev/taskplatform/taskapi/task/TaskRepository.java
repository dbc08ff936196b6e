package dev.taskplatform.taskapi.task;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the tasks table.
 */
@Repository
class TaskRepository {

	private static final String COLUMNS = "id, title, description, assignee, due_at, status, created_at, completed_at";

	private final DatabaseClient database;

	TaskRepository(DatabaseClient database) {
		this.database = database;
	}

	/** Inserts a task; its parameters are bound by {@link #bindInsert}. */
	static final String INSERT = "INSERT INTO tasks (" + COLUMNS + ", idempotency_key, request_hash) "
			+ "VALUES (:id, :title, :description, :assignee, :dueAt, :status, :createdAt, NULL, :key, :hash)";

	static DatabaseClient.GenericExecuteSpec bindInsert(DatabaseClient.GenericExecuteSpec insert, Task task,
			@Nullable String idempotencyKey, @Nullable String requestHash) {
		DatabaseClient.GenericExecuteSpec spec = insert.bind("id", task.id())
			.bind("title", task.title())
			.bind("status", task.status().name())
			.bind("createdAt", task.createdAt());
		spec = bindNullable(spec, "description", task.description(), String.class);
		spec = bindNullable(spec, "assignee", task.assignee(), String.class);
		spec = bindNullable(spec, "dueAt", task.dueAt(), Instant.class);
		spec = bindNullable(spec, "key", idempotencyKey, String.class);
		return bindNullable(spec, "hash", requestHash, String.class);
	}

	Mono<Task> findById(UUID id) {
		return this.database.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
			.bind("id", id)
			.map(TaskRepository::task)
			.one();
	}

	Mono<StoredRequest> findByIdempotencyKey(String key) {
		return this.database.sql("SELECT " + COLUMNS + ", request_hash FROM tasks WHERE idempotency_key = :key")
			.bind("key", key)
			.map((row) -> new StoredRequest(task(row), row.get("request_hash", String.class)))
			.one();
	}

	/** Completes an open task; empty when the task is unknown or already completed. */
	Mono<Task> complete(UUID id, Instant completedAt) {
		return this.database
			.sql("UPDATE tasks SET status = 'COMPLETED', completed_at = :completedAt "
					+ "WHERE id = :id AND status = 'OPEN' RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("completedAt", completedAt)
			.map(TaskRepository::task)
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

	private static <T> DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec,
			String name, @Nullable T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static Task task(Readable row) {
		return new Task(row.get("id", UUID.class), row.get("title", String.class), row.get("description", String.class),
				row.get("assignee", String.class), row.get("due_at", Instant.class),
				TaskStatus.valueOf(row.get("status", String.class)), row.get("created_at", Instant.class),
				row.get("completed_at", Instant.class));
	}

	/**
	 * A task created under an Idempotency-Key, with the fingerprint of its request.
	 *
	 * @param task the task
	 * @param requestHash the fingerprint of the request that created it
	 */
	record StoredRequest(Task task, @Nullable String requestHash) {

	}

}
