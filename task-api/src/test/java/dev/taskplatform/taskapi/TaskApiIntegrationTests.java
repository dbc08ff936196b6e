package dev.taskplatform.taskapi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEventDeserializer;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * task-api on a real Kafka broker and a real PostgreSQL: what a client sees over HTTP and
 * what any consumer sees on the topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class TaskApiIntegrationTests {

	private static TopicRecorder topics;

	private final TaskEventDeserializer events = new TaskEventDeserializer();

	@Autowired
	private WebTestClient http;

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private String baseUrl;

	@BeforeEach
	void baseUrl() {
		this.baseUrl = "http://localhost:" + this.port;
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.r2dbc(PostgresServer.shared().createDatabase(), KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void recordTopics() {
		// the application creates the topics at startup;
		// the recorder finds them via metadata refresh
		topics = TopicRecorder.start(KafkaServer.shared().bootstrapServers(), Topics.TASK_CREATED,
				Topics.TASK_COMPLETED);
	}

	@AfterAll
	static void stopRecording() {
		topics.close();
	}

	@Test
	void createdTaskIsStoredAndPublishedAsTaskCreated() {
		Map<String, Object> task = createTask(Map.of("title", "Renew the certificate", "description",
				"api.example.org expires Friday", "assignee", "ops@example.org", "dueAt", "2030-01-31T09:00:00+01:00"));
		String id = (String) task.get("id");

		assertThat(task).containsEntry("title", "Renew the certificate")
			.containsEntry("description", "api.example.org expires Friday")
			.containsEntry("assignee", "ops@example.org")
			.containsEntry("dueAt", "2030-01-31T08:00:00Z")
			.containsEntry("status", "OPEN")
			.containsEntry("completedAt", null)
			.containsKey("createdAt");
		ConsumerRecord<String, byte[]> record = awaitOne(Topics.TASK_CREATED, id);
		assertThat(record.key()).isEqualTo(id);
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_id")).satisfies((eventId) -> UUID.fromString(eventId));
		assertThat(header(record, "ce_type")).isEqualTo("task.created");
		assertThat(header(record, "ce_source")).isEqualTo("/task-api");
		assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(Instant.parse((String) task.get("createdAt")));
		assertThat(header(record, "ce_subject")).isEqualTo(id);
		assertThat(header(record, "ce_dataschema")).isEqualTo("urn:taskplatform:schema:task.created:v2");
		assertThat(header(record, "content-type")).isEqualTo("application/json");
		assertThat(this.events.deserialize(record.topic(), record.headers(), record.value())).isEqualTo(new TaskCreated(
				UUID.fromString(id), "Renew the certificate", "api.example.org expires Friday", "ops@example.org",
				Instant.parse("2030-01-31T08:00:00Z"), Instant.parse((String) task.get("createdAt"))));
		this.http.get()
			.uri("/tasks/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id);
	}

	@Test
	void theRequestsTraceTravelsWithItsEvent() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		Map<String, Object> task = this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.bodyValue(Map.of("title", "Traced"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();

		ConsumerRecord<String, byte[]> record = awaitOne(Topics.TASK_CREATED, (String) task.get("id"));
		assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-")
			.doesNotEndWith("-00f067aa0ba902b7-01");
	}

	@Test
	void sameIdempotencyKeyAndBodyReturnTheOriginalTaskAndPublishOnce() {
		String key = "create-" + UUID.randomUUID();
		Map<String, Object> body = Map.of("title", "Pay the invoice", "assignee", "finance@example.org");

		Map<String, Object> first = post(body, key).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "false")
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
		Map<String, Object> replay = post(body, key).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();

		assertThat(replay).isEqualTo(first);
		awaitExactlyOne(Topics.TASK_CREATED, (String) first.get("id"));
	}

	@Test
	void concurrentRequestsWithOneIdempotencyKeyCreateOneTask() {
		String key = "create-" + UUID.randomUUID();
		Map<String, Object> body = Map.of("title", "Pressed the button five times");

		List<Map<String, Object>> answers = Flux.range(0, 5)
			.flatMap((attempt) -> WebClient.create(this.baseUrl)
				.post()
				.uri("/tasks")
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", key)
				.bodyValue(body)
				.retrieve()
				.bodyToMono(JSON_MAP))
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(answers).hasSize(5).extracting((task) -> task.get("id")).containsOnly(answers.get(0).get("id"));
		awaitExactlyOne(Topics.TASK_CREATED, (String) answers.get(0).get("id"));
	}

	@Test
	void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
		String key = "create-" + UUID.randomUUID();
		post(Map.of("title", "Pay the invoice"), key).expectStatus().isCreated();

		post(Map.of("title", "Pay another invoice"), key).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains(key));
	}

	@Test
	void completingTwicePublishesOneTaskCompleted() {
		String id = (String) createTask(Map.of("title", "Close the sprint")).get("id");

		Map<String, Object> completed = complete(id);
		Map<String, Object> again = complete(id);

		assertThat(completed).containsEntry("status", "COMPLETED").containsKey("completedAt");
		assertThat(completed.get("completedAt")).isNotNull();
		assertThat(again).isEqualTo(completed);
		ConsumerRecord<String, byte[]> record = awaitExactlyOne(Topics.TASK_COMPLETED, id);
		assertThat(header(record, "ce_type")).isEqualTo("task.completed");
		assertThat(header(record, "ce_subject")).isEqualTo(id);
		assertThat(this.events.deserialize(record.topic(), record.headers(), record.value()))
			.isEqualTo(new TaskCompleted(UUID.fromString(id), Instant.parse((String) completed.get("completedAt"))));
	}

	@Test
	void unknownTaskIsNotFound() {
		UUID unknown = UUID.randomUUID();

		this.http.get()
			.uri("/tasks/{id}", unknown)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.post()
			.uri("/tasks/{id}/complete", unknown)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No task has id " + unknown + ".");
	}

	@Test
	void listingPagesThroughTasksNewestFirst() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add((String) createTask(Map.of("title", "Page me " + i)).get("id"));
		}
		complete(created.get(1));

		List<Map<String, Object>> seen = new ArrayList<>();
		String cursor = null;
		do {
			String uri = "/tasks?limit=2" + ((cursor != null) ? "&cursor=" + cursor : "");
			Map<String, Object> page = getJson(uri);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			seen.addAll(items);
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);

		List<String> seenIds = seen.stream().map((task) -> (String) task.get("id")).toList();
		assertThat(new HashSet<>(seenIds)).hasSameSizeAs(seenIds);
		assertThat(seenIds.stream().filter(created::contains).toList()).containsExactlyElementsOf(created.reversed());
		assertThat(seen).extracting((task) -> Instant.parse((String) task.get("createdAt")))
			.isSortedAccordingTo((a, b) -> b.compareTo(a));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> completedOnly = (List<Map<String, Object>>) getJson(
				"/tasks?status=COMPLETED&limit=100")
			.get("items");
		assertThat(completedOnly).extracting((task) -> task.get("status")).containsOnly("COMPLETED");
		assertThat(completedOnly).extracting((task) -> task.get("id"))
			.contains(created.get(1))
			.doesNotContain(created.get(0));
	}

	@Test
	@SuppressWarnings("unchecked")
	void servesAnOpenApiDescriptionThatStatesTheContract() {
		Map<String, Object> description = getJson("/v3/api-docs");
		// the contract (README, "HTTP API"): every answer of every operation
		Map<String, List<String>> answers = Map.of("post /tasks",
				List.of("201", "400", "401", "403", "409", "413", "415", "503"), "get /tasks/{id}",
				List.of("200", "400", "401", "403", "404", "503"), "get /tasks",
				List.of("200", "400", "401", "403", "503"), "post /tasks/{id}/complete",
				List.of("200", "400", "401", "403", "404", "503"));

		Map<String, Object> info = (Map<String, Object>) description.get("info");
		assertThat(info).containsEntry("title", "Task API").containsEntry("version", "0.1.0-SNAPSHOT");
		assertThat((String) info.get("description")).contains("problem");
		assertThat((List<Map<String, Object>>) description.get("tags")).extracting((tag) -> tag.get("name"))
			.containsExactly("Tasks");
		Map<String, Object> paths = (Map<String, Object>) description.get("paths");
		answers.forEach((key, statuses) -> {
			String[] methodAndPath = key.split(" ");
			Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) paths.get(methodAndPath[1]))
				.get(methodAndPath[0]);
			assertThat(operation).as(key).isNotNull();
			assertThat((String) operation.get("summary")).as(key).isNotBlank();
			assertThat((List<String>) operation.get("tags")).as(key).containsExactly("Tasks");
			Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
			assertThat(responses.keySet()).as(key).containsExactlyElementsOf(statuses);
			responses.forEach((status, response) -> {
				assertThat((String) response.get("description")).as(key + " " + status).isNotBlank();
				Map<String, Object> content = (Map<String, Object>) response.get("content");
				if (status.startsWith("2")) {
					assertThat(content).as(key + " " + status).containsKey("application/json");
				}
				else {
					Map<String, Object> problem = (Map<String, Object>) content.get("application/problem+json");
					assertThat(problem).as(key + " " + status).isNotNull();
					assertThat(problem.get("schema").toString()).contains("#/components/schemas/Problem");
					assertThat((Map<String, Object>) problem.get("examples")).as(key + " " + status).isNotEmpty();
				}
			});
			assertThat(responses.get("503").get("headers").toString()).contains("Retry-After");
		});
		Map<String, Object> create = (Map<String, Object>) ((Map<String, Object>) paths.get("/tasks")).get("post");
		assertThat((List<Map<String, Object>>) create.get("parameters"))
			.anySatisfy((parameter) -> assertThat(parameter).containsEntry("name", "Idempotency-Key")
				.containsEntry("in", "header")
				.containsEntry("required", false)
				.containsKey("description"));
		assertThat(((Map<String, Map<String, Object>>) create.get("responses")).get("201").get("headers").toString())
			.contains("Location", "Idempotent-Replayed");
		assertThat(((Map<String, Object>) ((Map<String, Object>) description.get("components")).get("schemas")))
			.containsKey("Problem");
	}

	@Test
	void reportsReadinessAndOutboxBacklog() {
		this.http.get()
			.uri("/readyz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.http.get().uri("/livez").exchange().expectStatus().isOk();
		// the actuator is on the management port
		assertThat(TaskApiClient.prometheus(WebClient.create("http://localhost:" + this.managementPort))
			.block(Duration.ofSeconds(30)))
			.contains("outbox_backlog_rows", "outbox_backlog_oldest_age_seconds", "outbox_published_total");
	}

	@Test
	void infoNamesTheBuildAndTheCommit() {
		WebTestClient.BodyContentSpec info = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.build.artifact")
			.isEqualTo("task-api")
			.jsonPath("$.build.version")
			.exists();
		// built from a git checkout (not a source archive): the commit too
		if (getClass().getResource("/git.properties") != null) {
			info.jsonPath("$.git.commit.id").value((id) -> assertThat(id.toString()).matches("[0-9a-f]{7,40}"));
		}
	}

	private Map<String, Object> getJson(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> createTask(Map<String, Object> body) {
		return post(body, null).expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).startsWith("/tasks/"))
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec post(Map<String, Object> body, String idempotencyKey) {
		return this.http.post().uri("/tasks").contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			if (idempotencyKey != null) {
				headers.set("Idempotency-Key", idempotencyKey);
			}
		}).bodyValue(body).exchange();
	}

	private Map<String, Object> complete(String id) {
		return this.http.post()
			.uri("/tasks/{id}/complete", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_MAP)
			.returnResult()
			.getResponseBody();
	}

	private static ConsumerRecord<String, byte[]> awaitOne(String topic, String key) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !topics.records(topic, key).isEmpty());
		return topics.records(topic, key).get(0);
	}

	/** Waits for the record, then makes sure no second one follows for a while. */
	private static ConsumerRecord<String, byte[]> awaitExactlyOne(String topic, String key) {
		ConsumerRecord<String, byte[]> record = awaitOne(topic, key);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> topics.records(topic, key).size() == 1);
		return record;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return CloudEventAttributes.header(record.headers(), name);
	}

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_MAP = new ParameterizedTypeReference<>() {
	};

}
