package dev.taskplatform.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver that is down for much longer than all of a delivery's attempts, under a
 * stream of events, on a real Kafka broker and a real PostgreSQL: the circuit breaker
 * opens, nothing fails or is dead-lettered, and every event is delivered once when the
 * receiver is back. And a {@code Retry-After} is honoured.
 */
@ConsumerServiceTest(properties = { "notification.webhook.secret=outage-test", "notification.webhook.max-attempts=2",
		"notification.webhook.initial-backoff=50ms", "notification.webhook.max-backoff=200ms",
		"notification.webhook.jitter=20ms", "notification.webhook.breaker.minimum-calls=3",
		"notification.webhook.breaker.window=10", "notification.webhook.breaker.open-for=500ms",
		"notification.webhook.breaker.probes=1" })
class NotificationOutageIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@DynamicPropertySource
	static void webhookReceiver(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void receiverUp() {
		receiver.down(false);
		receiver.retryAfter(null);
	}

	@Test
	void aReceiverDownForLongerThanAllRetriesFailsNothingAndGetsEveryEventOnceItIsBack() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			// the receiver took a delivery just before it went
			// down: that success must not make the events that fail
			// during the outage look like the receiver's refusal
			List<UUID> before = new ArrayList<>();
			sendTasks(1, before, new ArrayList<>());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(statuses(before)).containsExactly("SENT"));
			receiver.down(true);
			List<UUID> tasks = new ArrayList<>();
			List<String> eventIds = new ArrayList<>();
			sendTasks(10, tasks, eventIds);
			await().atMost(Duration.ofSeconds(30)).until(() -> metric("notification_webhook_breaker_open") == 1.0);

			// two attempts with pauses of at most 200 ms would be over in well under a
			// second: the receiver stays down for several, under more events
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(statuses(tasks)).doesNotContain("FAILED", "SENT");
				assertThat(dlt.records()).isEmpty();
			});
			sendTasks(10, tasks, eventIds);
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(statuses(tasks)).doesNotContain("FAILED", "SENT");
				assertThat(dlt.records()).isEmpty();
			});
			assertThat(eventIds.stream().flatMap((eventId) -> receiver.requests(eventId).stream())).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.status()).isEqualTo(503));

			receiver.down(false);

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(statuses(tasks)).hasSize(20).containsOnly("SENT"));
			assertThat(eventIds).allSatisfy(
					(eventId) -> assertThat(receiver.requests(eventId)).filteredOn((request) -> request.status() == 200)
						.hasSize(1));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(dlt.records()).isEmpty();
				assertThat(metric("events_failed_total", "topic=\"task.created\"")).isZero();
				assertThat(metric("notification_webhook_breaker_open")).isZero();
			});
		}
	}

	@Test
	void retryAfterIsHonoured() {
		receiver.retryAfter(2);
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Too many requests", null, "mo@example.org", null, Instant.now());
		CloudEventAttributes attributes = CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		receiver.answer(attributes.id(), 429, 200);
		this.events.send(event, attributes);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(statuses(List.of(taskId))).containsExactly("SENT"));

		List<WebhookReceiver.Request> requests = receiver.requests(attributes.id());
		assertThat(requests).extracting(WebhookReceiver.Request::status).containsExactly(429, 200);
		// asked for 2 s, where the back-off alone would have waited 50 ms
		assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(1950));
	}

	private void sendTasks(int count, List<UUID> tasks, List<String> eventIds) {
		for (int i = 0; i < count; i++) {
			UUID taskId = UUID.randomUUID();
			CloudEventAttributes sent = this.events
				.send(new TaskCreated(taskId, "During the outage", null, "ne@example.org", null, Instant.now()));
			tasks.add(taskId);
			eventIds.add(sent.id());
		}
	}

	private List<String> statuses(List<UUID> tasks) {
		List<String> statuses = new ArrayList<>();
		for (UUID taskId : tasks) {
			this.service.api()
				.get()
				.uri("/notifications?taskId=" + taskId)
				.retrieve()
				.body(LIST)
				.forEach((notification) -> statuses.add((String) notification.get("status")));
		}
		return statuses;
	}

	private double metric(String name, String... labels) {
		String text = this.service.management().get().uri("/actuator/prometheus").retrieve().body(String.class);
		return text.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> java.util.Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
