package dev.taskplatform.taskapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventDeserializer;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.DevelopmentTokens;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * task-api secured with bearer tokens signed by a key generated here (its public key
 * given the standard way, {@code public-key-location}), on a real Kafka broker and a real
 * PostgreSQL: every way a token can be wrong is a 401 problem, a missing scope a 403, and
 * the token's subject is the task's creator and completer in the answer and on the Kafka
 * record. Probes are open; metrics are on the management port only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ApiSecurityIntegrationTests {

	private static final DevelopmentTokens TOKENS = DevelopmentTokens.generate();

	private static TopicRecorder topics;

	private final TaskEventDeserializer events = new TaskEventDeserializer();

	@Autowired
	private WebTestClient http;

	@LocalManagementPort
	private int managementPort;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
		SpringProperties.r2dbc(PostgresServer.shared().createDatabase(), KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
		Path publicKey = TOKENS.writePublicKey(Files.createTempFile("task-api-public-key", ".pem"));
		TOKENS.serviceProperties(publicKey).forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void recordTopics() {
		topics = TopicRecorder.start(KafkaServer.shared().bootstrapServers(), Topics.TASK_CREATED,
				Topics.TASK_COMPLETED);
	}

	@AfterAll
	static void stopRecording() {
		topics.close();
	}

	@Test
	void noTokenIsA401ProblemWithABearerChallenge() {
		this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Without a token"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.title")
			.isEqualTo("Unauthorized")
			.jsonPath("$.instance")
			.isEqualTo("/tasks");
		this.http.get().uri("/tasks").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void everyWrongTokenIsRefusedWith401() {
		JWTClaimsSet valid = TOKENS.claims("user-1", Duration.ofHours(1), "tasks:write", "tasks:read").build();
		Map<String, String> refused = TOKENS.refusedVariants(valid);

		refused.forEach((why, token) -> this.http.get()
			.uri("/tasks")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).as(why).isEqualTo(401))
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).as(why).startsWith("Bearer error=\"invalid_token\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_token"));
		// the same claims, rightly signed, are taken:
		// the refusals were for what was changed
		this.http.get()
			.uri("/tasks")
			.headers((headers) -> headers.setBearerAuth(TOKENS.sign(valid)))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aTokenWithoutTheRoutesScopeIsA403NamingIt() {
		String readOnly = TOKENS.token("reader", "tasks:read");
		String writeOnly = TOKENS.token("writer", "tasks:write");

		this.http.post()
			.uri("/tasks")
			.headers((headers) -> headers.setBearerAuth(readOnly))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Read-only token"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).contains("error=\"insufficient_scope\"")
						.contains("scope=\"tasks:write\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(403)
			.jsonPath("$.scope")
			.isEqualTo("tasks:write");
		this.http.post()
			.uri("/tasks/{id}/complete", UUID.randomUUID())
			.headers((headers) -> headers.setBearerAuth(readOnly))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.http.get()
			.uri("/tasks/{id}", UUID.randomUUID())
			.headers((headers) -> headers.setBearerAuth(writeOnly))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.scope")
			.isEqualTo("tasks:read");
	}

	@Test
	void headNeedsTheReadScopeAndARouteWithoutARuleIsNobodys() {
		this.http.head()
			.uri("/tasks/{id}", UUID.randomUUID())
			.headers((headers) -> headers.setBearerAuth(TOKENS.token("writer", "tasks:write")))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.http.head().uri("/tasks").exchange().expectStatus().isUnauthorized();
		this.http.delete()
			.uri("/tasks/{id}", UUID.randomUUID())
			.headers((headers) -> headers
				.setBearerAuth(TOKENS.token("admin", DevelopmentTokens.ALL_SCOPES.toArray(String[]::new))))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void theTokensSubjectIsTheCreatorAndTheCompleterInTheAnswerAndOnTheRecord() {
		Map<String, Object> task = this.http.post()
			.uri("/tasks")
			.headers((headers) -> headers.setBearerAuth(TOKENS.token("alice", "tasks:write")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Created by Alice"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
		String id = (String) task.get("id");
		assertThat(task).containsEntry("createdBy", "alice").containsEntry("completedBy", null);

		this.http.post()
			.uri("/tasks/{id}/complete", id)
			.headers((headers) -> headers.setBearerAuth(TOKENS.token("bob", "tasks:write")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.createdBy")
			.isEqualTo("alice")
			.jsonPath("$.completedBy")
			.isEqualTo("bob");
		// completing again changes nothing: it stays Bob's
		this.http.post()
			.uri("/tasks/{id}/complete", id)
			.headers((headers) -> headers.setBearerAuth(TOKENS.token("carol", "tasks:write")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.completedBy")
			.isEqualTo("bob");
		this.http.get()
			.uri("/tasks/{id}", id)
			.headers((headers) -> headers.setBearerAuth(TOKENS.token("dave", "tasks:read")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.createdBy")
			.isEqualTo("alice");

		TaskCreated created = (TaskCreated) only(Topics.TASK_CREATED, id);
		TaskCompleted completed = (TaskCompleted) only(Topics.TASK_COMPLETED, id);
		assertThat(created.createdBy()).isEqualTo("alice");
		assertThat(completed.completedBy()).isEqualTo("bob");
	}

	@Test
	void anIdempotencyKeyIsTheCallersOwn() {
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("title", "Keyed");
		String first = (String) post(TOKENS.token("erin", "tasks:write"), key, body).expectStatus()
			.isCreated()
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody()
			.get("id");

		post(TOKENS.token("erin", "tasks:write"), key, body).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(first);
		// the same key from another caller is another request: its own task, not Erin's
		Map<String, Object> mallorys = post(TOKENS.token("mallory", "tasks:write"), key, body).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "false")
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
		assertThat(mallorys.get("id")).isNotEqualTo(first);
		assertThat(mallorys).containsEntry("createdBy", "mallory");
		post(TOKENS.token("erin", "tasks:write"), key, body).expectBody().jsonPath("$.id").isEqualTo(first);
	}

	@Test
	void theApiDescriptionIsOpenAndAsksForABearerToken() {
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.securitySchemes.bearer.scheme")
			.isEqualTo("bearer")
			.jsonPath("$.security[0].bearer")
			.exists();
	}

	@Test
	void probesAreOpenAndTheActuatorIsOnlyOnTheManagementPort() {
		// as patient as the management client below: on a loaded 2-core machine one of
		// these answers has taken longer than the client's default 5 s
		WebTestClient api = this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		api.get().uri("/livez").exchange().expectStatus().isOk();
		api.get().uri("/readyz").exchange().expectStatus().isOk();
		api.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(401, 404));
		api.get()
			.uri("/actuator/prometheus")
			.headers((headers) -> headers
				.setBearerAuth(TOKENS.token("ops", DevelopmentTokens.ALL_SCOPES.toArray(String[]::new))))
			.exchange()
			.expectStatus()
			.isForbidden();

		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((metrics) -> assertThat(metrics).contains("outbox_backlog_rows"));
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec post(String token, String idempotencyKey, Map<String, Object> body) {
		return this.http.post().uri("/tasks").headers((headers) -> {
			headers.setBearerAuth(token);
			headers.set("Idempotency-Key", idempotencyKey);
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private TaskEvent only(String topic, String key) {
		await().atMost(Duration.ofSeconds(15)).until(() -> !topics.records(topic, key).isEmpty());
		List<ConsumerRecord<String, byte[]>> records = topics.records(topic, key);
		assertThat(records).hasSize(1);
		ConsumerRecord<String, byte[]> record = records.get(0);
		return this.events.deserialize(record.topic(), record.headers(), record.value());
	}

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_MAP = new ParameterizedTypeReference<>() {
	};

}
