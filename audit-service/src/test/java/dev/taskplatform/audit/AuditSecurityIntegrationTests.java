package dev.taskplatform.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.EventType;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.SecuredReadApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit log's API takes only tokens with {@code audit:read} (the checks are
 * test-infrastructure's), and the log keeps who created and who completed a task as the
 * events carried it: version 2 events with their actors, version 1 events without.
 */
class AuditSecurityIntegrationTests extends SecuredReadApiIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Override
	protected String path() {
		return "/audit-events";
	}

	@Override
	protected String scope() {
		return "audit:read";
	}

	@Test
	void theLogKeepsTheActorsOfVersion2AndReadsVersion1() {
		UUID v2Task = UUID.randomUUID();
		UUID v1Task = UUID.randomUUID();
		try (EventProducer events = EventProducer.connect(KafkaServer.shared().bootstrapServers())) {
			events.send(new TaskCreated(v2Task, "Rotate the key", null, null, null, Instant.now(), "alice"));
			events.send(new TaskCompleted(v2Task, Instant.now(), "bob"));
			events.sendJson(EventType.TASK_CREATED, v1Task, 1, "{\"taskId\":\"" + v1Task
					+ "\",\"title\":\"From an older task-api\",\"createdAt\":\"" + Instant.now() + "\"}");
		}
		RestClient http = RestClient.builder()
			.baseUrl(apiUrl())
			.defaultHeader("Authorization", "Bearer " + TOKENS.token("auditor", "audit:read"))
			.build();

		List<Map<String, Object>> v2 = awaitItems(http, v2Task, 2);
		assertThat(v2).extracting((item) -> payload(item).get("createdBy")).containsExactly("alice", null);
		assertThat(v2).extracting((item) -> payload(item).get("completedBy")).containsExactly(null, "bob");
		List<Map<String, Object>> v1 = awaitItems(http, v1Task, 1);
		assertThat(payload(v1.get(0))).containsEntry("title", "From an older task-api").doesNotContainKey("createdBy");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> payload(Map<String, Object> item) {
		return (Map<String, Object>) item.get("payload");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> awaitItems(RestClient http, UUID taskId, int count) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ((List<?>) http.get().uri("/audit-events?taskId=" + taskId).retrieve().body(JSON).get("items"))
				.size() >= count);
		return (List<Map<String, Object>>) http.get()
			.uri("/audit-events?taskId=" + taskId)
			.retrieve()
			.body(JSON)
			.get("items");
	}

}
