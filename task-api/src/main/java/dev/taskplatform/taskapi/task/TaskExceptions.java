package dev.taskplatform.taskapi.task;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The task API's own error responses; each renders as RFC 9457 problem details.
 */
final class TaskExceptions {

	private TaskExceptions() {
	}

	static class TaskNotFoundException extends ErrorResponseException {

		TaskNotFoundException(UUID id) {
			super(HttpStatus.NOT_FOUND);
			getBody().setTitle("Task not found");
			getBody().setDetail("No task has id " + id + ".");
		}

	}

	static class IdempotencyKeyConflictException extends ErrorResponseException {

		IdempotencyKeyConflictException(String key) {
			super(HttpStatus.CONFLICT);
			getBody().setTitle("Idempotency-Key reused");
			getBody().setDetail("Idempotency-Key '" + key
					+ "' was already used with a different request body; use a new key for a new task.");
		}

	}

	static class InvalidIdempotencyKeyException extends ErrorResponseException {

		InvalidIdempotencyKeyException() {
			super(HttpStatus.BAD_REQUEST);
			getBody().setTitle("Invalid Idempotency-Key");
			getBody().setDetail("Idempotency-Key must be 1 to 255 visible ASCII characters.");
		}

	}

}
