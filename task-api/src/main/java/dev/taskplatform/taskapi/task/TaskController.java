package dev.taskplatform.taskapi.task;

import java.net.URI;
import java.util.UUID;

import dev.taskplatform.taskapi.task.TaskExceptions.InvalidIdempotencyKeyException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The task API.
 */
@RestController
@RequestMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/**
	 * Tells a client that the answer is the replay of an earlier request with its key.
	 */
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final TaskService tasks;

	TaskController(TaskService tasks) {
		this.tasks = tasks;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Task>> create(@Valid @RequestBody CreateTaskRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey,
			@AuthenticationPrincipal @Nullable Jwt token) {
		if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
			return Mono.error(new InvalidIdempotencyKeyException());
		}
		return this.tasks.create(request, idempotencyKey, actor(token))
			.map((created) -> ResponseEntity.created(URI.create("/tasks/" + created.task().id()))
				.header(IDEMPOTENT_REPLAYED, String.valueOf(!created.isNew()))
				.body(created.task()));
	}

	@GetMapping("/{id}")
	Mono<Task> get(@PathVariable UUID id) {
		return this.tasks.find(id);
	}

	@GetMapping
	Mono<TaskPage> list(@RequestParam(required = false) @Nullable TaskStatus status,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return this.tasks.list(status, cursor, limit);
	}

	@PostMapping("/{id}/complete")
	Mono<Task> complete(@PathVariable UUID id, @AuthenticationPrincipal @Nullable Jwt token) {
		return this.tasks.complete(id, actor(token));
	}

	/** Who acts: the token's subject; nobody known when the API runs open. */
	private static @Nullable String actor(@Nullable Jwt token) {
		return (token != null) ? token.getSubject() : null;
	}

}
