package dev.taskplatform.taskapi;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a request shed for overload is answered, however it was shed, and what it leaves
 * behind; and the 503 of an outage.
 */
final class Shedding {

	private Shedding() {
	}

	/**
	 * Expects 503 with {@code Retry-After: 1} and an "At capacity" problem.
	 * @param response the exchanged request
	 * @return the body's assertions, for more
	 */
	static WebTestClient.BodyContentSpec expectShed(WebTestClient.ResponseSpec response) {
		return expectUnavailable(response, "At capacity");
	}

	/**
	 * Expects 503 with {@code Retry-After: 1} and a problem of the given title.
	 * @param response the exchanged request
	 * @param title the problem's title
	 * @return the body's assertions, for more
	 */
	static WebTestClient.BodyContentSpec expectUnavailable(WebTestClient.ResponseSpec response, String title) {
		return response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo(title);
	}

	/**
	 * The first 100 tasks as {@code GET /tasks} lists them, to check what a shed request
	 * left behind: nothing.
	 * @param http the client
	 * @return the response body
	 */
	static String listedTasks(WebTestClient http) {
		return http.get()
			.uri("/tasks?limit=100")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
