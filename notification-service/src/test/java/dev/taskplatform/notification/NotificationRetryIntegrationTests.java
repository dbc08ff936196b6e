package dev.taskplatform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerGroups;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.ServiceUnderTest;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The back-off between attempts pauses the event's partition, not the listener thread:
 * with one consumer thread for every partition and a ten-second back-off, an event on
 * another partition is delivered while the first one waits for its second attempt, and
 * the waiting one is not committed until it is delivered.
 */
@ConsumerServiceTest(properties = { "spring.kafka.listener.concurrency=1", "notification.webhook.initial-backoff=10s",
		"notification.webhook.max-backoff=10s", "notification.webhook.secret=retry-secret",
		// a group of its own, so that the lag it measures is this context's alone
		"spring.kafka.consumer.group-id=" + NotificationRetryIntegrationTests.GROUP })
class NotificationRetryIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	static final String GROUP = "notification-retry-tests";

	private static final Duration BACKOFF = Duration.ofSeconds(10);

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

	@Test
	void anEventWaitingForItsNextAttemptHoldsUpNoOtherPartition() {
		UUID waiting = UUID.randomUUID();
		UUID other = onAnotherPartition(waiting);
		TaskCreated first = new TaskCreated(waiting, "Receiver busy", null, "wa@example.org", null, Instant.now());
		TaskCreated second = new TaskCreated(other, "Meanwhile", null, "me@example.org", null, Instant.now());
		CloudEventAttributes firstAttributes = attributes(first);
		receiver.answer(firstAttributes.id(), 503, 200);
		RestClient http = this.service.api();

		TopicPartition partition = new TopicPartition(Topics.TASK_CREATED, partition(waiting));
		TopicPartition otherPartition = new TopicPartition(Topics.TASK_CREATED, partition(other));
		// the new group starts from the earliest records other test classes left
		await().atMost(Duration.ofSeconds(60)).until(() -> lag(partition) == 0 && lag(otherPartition) == 0);
		this.events.send(first, firstAttributes);
		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests(firstAttributes.id()).size() == 1);
		Instant firstAttempt = Instant.now();
		this.events.send(second);

		await().atMost(BACKOFF.minusSeconds(3))
			.untilAsserted(() -> assertThat(notification(http, other)).containsEntry("status", "SENT"));
		assertThat(Duration.between(firstAttempt, Instant.now())).isLessThan(BACKOFF);
		assertThat(notification(http, waiting)).containsEntry("status", "PENDING")
			.containsEntry("attempts", 1)
			.satisfies((row) -> assertThat((String) row.get("lastError")).contains("503"));
		// not committed while it waits: a restart
		// or a rebalance now would consume it again
		assertThat(lag(partition)).isPositive();

		await().atMost(BACKOFF.plusSeconds(20))
			.untilAsserted(() -> assertThat(notification(http, waiting)).containsEntry("status", "SENT")
				.containsEntry("attempts", 2));
		assertThat(Duration.between(firstAttempt, Instant.now())).isGreaterThanOrEqualTo(BACKOFF.minusSeconds(1));
		assertThat(receiver.requests(firstAttributes.id())).hasSize(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> lag(partition) == 0);
	}

	private static long lag(TopicPartition partition) {
		return ConsumerGroups.lag(KafkaServer.shared().bootstrapServers(), GROUP, partition);
	}

	private static Map<String, Object> notification(RestClient http, UUID taskId) {
		List<Map<String, Object>> rows = http.get().uri("/notifications?taskId={id}", taskId).retrieve().body(LIST);
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	/** A task whose records go to another partition of the six (Kafka's default). */
	private static UUID onAnotherPartition(UUID taskId) {
		while (true) {
			UUID candidate = UUID.randomUUID();
			if (partition(candidate) != partition(taskId)) {
				return candidate;
			}
		}
	}

	private static int partition(UUID taskId) {
		return Utils.toPositive(Utils.murmur2(taskId.toString().getBytes(StandardCharsets.UTF_8))) % 6;
	}

	private static CloudEventAttributes attributes(TaskCreated event) {
		return CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

}
