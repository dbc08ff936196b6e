package dev.taskplatform.taskapi.task;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.taskapi.outbox.OutboxWriter;
import dev.taskplatform.taskapi.task.TaskRepository.NewTask;
import dev.taskplatform.taskapi.task.TaskExceptions.IdempotencyKeyConflictException;
import dev.taskplatform.taskapi.task.TaskExceptions.TaskNotFoundException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Creates, completes and reads tasks. Every change is written together with its event by
 * one statement (a creation in a batch with the creations that arrived meanwhile, see
 * {@link CreationBatcher}), through the {@code OutboxWriter}, which wakes the outbox
 * relay once the statement has answered.
 */
@Service
class TaskService {

	private final TaskRepository tasks;

	private final OutboxWriter outbox;

	private final CreationBatcher creations;

	private final Clock clock;

	TaskService(TaskRepository tasks, OutboxWriter outbox, TaskWriteProperties properties, Clock clock) {
		this.tasks = tasks;
		this.outbox = outbox;
		this.creations = new CreationBatcher(tasks::insertAll, properties.writers(), properties.maxBatch());
		this.clock = clock;
	}

	/**
	 * Creates a task, or with an Idempotency-Key already used by the same caller for the
	 * same request, returns the task that request created.
	 * @param request the validated request
	 * @param idempotencyKey the client's key, or {@code null}
	 * @param actor the token's subject, or {@code null} when the API runs open
	 * @return the task, and whether it was created now
	 */
	Mono<Created> create(CreateTaskRequest request, @Nullable String idempotencyKey, @Nullable String actor) {
		if (idempotencyKey == null) {
			return insert(request, null, null, actor);
		}
		String fingerprint = request.fingerprint();
		String key = storedKey(idempotencyKey, actor);
		return this.tasks.findByIdempotencyKey(key)
			.map((stored) -> replay(stored, idempotencyKey, fingerprint))
			.switchIfEmpty(Mono.defer(() -> insert(request, key, fingerprint, actor)))
			// the key was taken meanwhile (a concurrent request with it, maybe in
			// the same batch): the task of whoever took it is the answer
			.switchIfEmpty(Mono.defer(() -> this.tasks.findByIdempotencyKey(key)
				.map((stored) -> replay(stored, idempotencyKey, fingerprint))
				.switchIfEmpty(Mono.error(() -> new IllegalStateException(
						"Idempotency-Key " + idempotencyKey + " was taken, but by no task")))));
	}

	/**
	 * An Idempotency-Key as stored: each caller's own, so that the same key from another
	 * caller is another request and never shows the first caller's task. The caller's
	 * subject comes first, then a control character, which neither a key (printable
	 * ASCII) nor a subject (TokenRules) may hold, so two callers' keys never meet. Open
	 * (no caller), the key is stored as sent, as it always was.
	 * @param key the client's key
	 * @param actor the token's subject, or {@code null}
	 * @return the key to store and look up
	 */
	static String storedKey(String key, @Nullable String actor) {
		return (actor != null) ? actor + '\u0001' + key : key;
	}

	/** Empty when the Idempotency-Key was taken meanwhile. */
	private Mono<Created> insert(CreateTaskRequest request, @Nullable String idempotencyKey,
			@Nullable String fingerprint, @Nullable String actor) {
		Instant now = now();
		Task task = new Task(UUID.randomUUID(), request.title(), request.description(), request.assignee(),
				request.dueInstant(), TaskStatus.OPEN, now, null, actor, null);
		TaskCreated event = new TaskCreated(task.id(), task.title(), task.description(), task.assignee(), task.dueAt(),
				task.createdAt(), actor);
		return this.outbox
			.append(event, now,
					(row) -> this.creations.write(new NewTask(task, idempotencyKey, fingerprint, row))
						.filter((xid) -> xid >= 0),
					Long::longValue)
			.map((xid) -> new Created(task, true));
	}

	private static Created replay(TaskRepository.StoredRequest stored, String key, String fingerprint) {
		if (!Objects.equals(stored.requestHash(), fingerprint)) {
			throw new IdempotencyKeyConflictException(key);
		}
		return new Created(stored.task(), false);
	}

	/**
	 * Completes a task; completing a completed task changes nothing and publishes nothing
	 * (it stays completed by whoever completed it first).
	 * @param id the task id
	 * @param actor the token's subject, or {@code null} when the API runs open
	 * @return the task
	 */
	Mono<Task> complete(UUID id, @Nullable String actor) {
		Instant now = now();
		return this.outbox
			.append(new TaskCompleted(id, now, actor), now, (row) -> this.tasks.complete(id, now, actor, row),
					TaskRepository.Completed::xid)
			.map(TaskRepository.Completed::task)
			.switchIfEmpty(Mono.defer(() -> this.tasks.findById(id)))
			.switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)));
	}

	Mono<Task> find(UUID id) {
		return this.tasks.findById(id).switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)));
	}

	Mono<TaskPage> list(@Nullable TaskStatus status, @Nullable String cursor, int limit) {
		PageCursor after = (cursor != null) ? PageCursor.decode(cursor) : null;
		return this.tasks.page(status, after, limit + 1).collectList().map((found) -> page(found, limit));
	}

	private static TaskPage page(List<Task> found, int limit) {
		if (found.size() <= limit) {
			return new TaskPage(found, null);
		}
		List<Task> items = found.subList(0, limit);
		Task last = items.get(limit - 1);
		return new TaskPage(items, new PageCursor(last.createdAt(), last.id()).encode());
	}

	/** PostgreSQL keeps microseconds: what we answer must be what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The outcome of a create.
	 *
	 * @param task the task
	 * @param isNew whether it was created by this request (else: an idempotent replay)
	 */
	record Created(Task task, boolean isNew) {

	}

}
