package dev.taskplatform.taskapi.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The answer to a request task-api sheds because it is at capacity: 503, nothing
 * processed, nothing stored, and when to try again.
 */
final class AtCapacity {

	private AtCapacity() {
	}

	static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"task-api is at capacity; the request was not processed and nothing was stored. Retry shortly.");
		problem.setTitle("At capacity");
		return problem;
	}

	static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		return headers;
	}

}
