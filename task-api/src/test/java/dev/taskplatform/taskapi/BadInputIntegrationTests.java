package dev.taskplatform.taskapi;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input gets a clear 4xx problem, never a 5xx, on the real application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BadInputIntegrationTests {

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	@Autowired
	private WebTestClient http;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.r2dbc(PostgresServer.shared().createDatabase(), KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	static Stream<Arguments> badRequests() {
		return Stream.of(
				arguments("truncated JSON", "POST", "/tasks", JSON, "{\"title\": \"Pay", 400, "not well-formed JSON"),
				arguments("malformed JSON", "POST", "/tasks", JSON, "{title: Pay}", 400, "not well-formed JSON"),
				arguments("empty body", "POST", "/tasks", JSON, "", 400, "body"),
				arguments("JSON null", "POST", "/tasks", JSON, "null", 400, "body"),
				arguments("JSON array", "POST", "/tasks", JSON, "[]", 400, "must be a JSON object"),
				arguments("JSON string", "POST", "/tasks", JSON, "\"Pay\"", 400, "must be a JSON object"),
				arguments("trailing tokens", "POST", "/tasks", JSON, "{\"title\":\"Pay\"} {}", 400, "JSON"),
				arguments("number as title", "POST", "/tasks", JSON, "{\"title\": 42}", 400,
						"'title' has the wrong type"),
				arguments("boolean as title", "POST", "/tasks", JSON, "{\"title\": true}", 400,
						"'title' has the wrong type"),
				arguments("misspelled field", "POST", "/tasks", JSON,
						"{\"title\": \"Pay\", \"due_at\": \"2030-01-01T00:00:00Z\"}", 400,
						"'due_at' is not a known field"),
				arguments("missing title", "POST", "/tasks", JSON, "{\"description\": \"no title\"}", 400, "title"),
				arguments("blank title", "POST", "/tasks", JSON, "{\"title\": \"   \"}", 400,
						"title must not be blank"),
				arguments("overlong title", "POST", "/tasks", JSON, "{\"title\": \"" + "x".repeat(201) + "\"}", 400,
						"title size must be between 0 and 200"),
				arguments("overlong description", "POST", "/tasks", JSON,
						"{\"title\": \"Pay\", \"description\": \"" + "x".repeat(4001) + "\"}", 400, "description"),
				arguments("NUL in title", "POST", "/tasks", JSON, "{\"title\": \"Pay\\u0000\"}", 400,
						"title must not contain NUL characters"),
				arguments("bad e-mail", "POST", "/tasks", JSON, "{\"title\": \"Pay\", \"assignee\": \"not-an-email\"}",
						400, "assignee must be an e-mail address"),
				arguments("bad timestamp", "POST", "/tasks", JSON, "{\"title\": \"Pay\", \"dueAt\": \"tomorrow\"}", 400,
						"'dueAt' has an invalid value"),
				arguments("timestamp without offset", "POST", "/tasks", JSON,
						"{\"title\": \"Pay\", \"dueAt\": \"2030-01-01T09:00:00\"}", 400, "'dueAt'"),
				arguments("timestamp out of range", "POST", "/tasks", JSON,
						"{\"title\": \"Pay\", \"dueAt\": \"+300000-01-01T00:00:00Z\"}", 400,
						"'dueAt' has an invalid value"),
				arguments("number as timestamp", "POST", "/tasks", JSON, "{\"title\": \"Pay\", \"dueAt\": 1893456000}",
						400, "'dueAt'"),
				arguments("text/plain body", "POST", "/tasks", MediaType.TEXT_PLAIN_VALUE, "Pay the invoice", 415, ""),
				arguments("form body", "POST", "/tasks", MediaType.APPLICATION_FORM_URLENCODED_VALUE, "title=Pay", 415,
						""),
				arguments("body over the limit", "POST", "/tasks", JSON,
						"{\"title\": \"Pay\", \"description\": \"" + "x".repeat(100_000) + "\"}", 413, "bytes"),
				arguments("id not a UUID", "GET", "/tasks/not-a-uuid", null, null, 400, "'id'"),
				arguments("complete id not a UUID", "POST", "/tasks/42/complete", null, null, 400, "'id'"),
				arguments("unknown status", "GET", "/tasks?status=DONE", null, null, 400, "'status'"),
				arguments("limit zero", "GET", "/tasks?limit=0", null, null, 400, "limit"),
				arguments("limit too big", "GET", "/tasks?limit=1000", null, null, 400, "limit"),
				arguments("limit not a number", "GET", "/tasks?limit=ten", null, null, 400, "'limit'"),
				arguments("forged cursor", "GET", "/tasks?cursor=bm90LWEtY3Vyc29y", null, null, 400, "cursor"),
				arguments("cursor out of range", "GET",
						"/tasks?cursor=" + java.util.Base64.getUrlEncoder()
							.encodeToString("+300000-01-01T00:00:00Z|5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01".getBytes()),
						null, null, 400, "cursor"));
	}

	@ParameterizedTest(name = "{0} -> {5}")
	@MethodSource("badRequests")
	void badRequestIsAProblemNotAServerError(String name, String method, String path, String contentType, String body,
			int status, String detail) {
		WebTestClient.RequestBodySpec request = this.http.method(HttpMethod.valueOf(method)).uri(path);
		if (contentType != null) {
			request.contentType(MediaType.parseMediaType(contentType));
		}
		WebTestClient.ResponseSpec response = (body != null)
				? request.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange() : request.exchange();

		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.detail")
			.value((text) -> assertThat((String) text).contains(detail));
	}

	@Test
	void validationProblemListsEveryOffendingField() {
		this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": \"\", \"assignee\": \"nobody\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'title')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'assignee')]")
			.exists();
	}

	@Test
	void chunkedBodyOverTheLimitIsRefused() {
		DataBuffer chunk = DefaultDataBufferFactory.sharedInstance
			.wrap(("{\"title\": \"Pay\", \"description\": \"" + "x".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
		DataBuffer rest = DefaultDataBufferFactory.sharedInstance
			.wrap(("x".repeat(50_000) + "\"}").getBytes(StandardCharsets.UTF_8));

		this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Flux.just(chunk, rest), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void overlongIdempotencyKeyIsABadRequest() {
		this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "k".repeat(256))
			.bodyValue("{\"title\": \"Pay\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value((text) -> assertThat((String) text).contains("Idempotency-Key"));
	}

}
