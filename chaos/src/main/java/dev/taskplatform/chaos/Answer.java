package dev.taskplatform.chaos;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An answer task-api gave, or a request it did not answer (status 0).
 *
 * @param at when
 * @param request which request
 * @param status the HTTP status, 0 if none
 * @param error the failure if no status, else the problem's title if not a success
 */
record Answer(Instant at, String request, int status, @Nullable String error) {

	/**
	 * A 503 "At capacity": shed for overload, nothing done, the documented answer.
	 */
	boolean shed() {
		return this.status == 503 && "At capacity".equals(this.error);
	}

}
