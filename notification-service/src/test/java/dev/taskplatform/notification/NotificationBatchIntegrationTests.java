package dev.taskplatform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.consumer.RetentionPurge;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.OnePoll;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches on a real Kafka broker and a real PostgreSQL: the listener container is paused
 * while a test produces, so that its records arrive in one poll, then resumed. Whatever
 * goes wrong with one record of a batch, every other record notifies exactly once.
 */
@ConsumerServiceTest(properties = { "notification.webhook.secret=batch-secret",
		"notification.webhook.initial-backoff=50ms", "notification.webhook.max-backoff=200ms" })
class NotificationBatchIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final String DEAD_LETTERS = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private RetentionPurge purge;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void webhookReceiver(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void poisonRecordInTheMiddleOfABatchGoesAloneToItsDeadLetterTopic() {
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), DEAD_LETTERS)) {
			UUID taskId = UUID.randomUUID();
			List<CloudEventAttributes> before = List.of(attributes(taskId), attributes(taskId));
			List<CloudEventAttributes> after = List.of(attributes(taskId), attributes(taskId));

			inOnePoll(() -> {
				before.forEach((attributes) -> this.events.send(created(taskId), attributes));
				// same key, so the same partition and
				// batch; none of the CloudEvents headers
				this.events.sendRaw(new ProducerRecord<>(Topics.TASK_CREATED, taskId.toString(),
						"{\"title\":\"Headless\"}".getBytes(StandardCharsets.UTF_8)));
				after.forEach((attributes) -> this.events.send(created(taskId), attributes));
			});

			await().atMost(Duration.ofSeconds(45))
				.untilAsserted(() -> assertThat(notifications(taskId)).hasSize(4)
					.allSatisfy((row) -> assertThat(row).containsEntry("status", "SENT")));
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(DEAD_LETTERS, taskId.toString()).isEmpty());
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(dlt.records(DEAD_LETTERS, taskId.toString())).singleElement()
					.satisfies((dead) -> assertThat(new String(dead.value(), StandardCharsets.UTF_8))
						.contains("Headless"));
				assertThat(notifications(taskId)).hasSize(4);
				before.forEach((attributes) -> assertThat(receiver.requests(attributes.id())).hasSize(1));
				after.forEach((attributes) -> assertThat(receiver.requests(attributes.id())).hasSize(1));
			});
		}
	}

	@Test
	void duplicatesInABatchNotifyOnce() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = created(taskId);
		CloudEventAttributes alreadySent = attributes(taskId);
		this.events.send(event, alreadySent);
		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(notifications(taskId)).singleElement()
				.satisfies((row) -> assertThat(row).containsEntry("status", "SENT")));
		double duplicatesBefore = duplicates();
		CloudEventAttributes twiceInTheBatch = attributes(taskId);
		CloudEventAttributes once = attributes(taskId);

		inOnePoll(() -> {
			this.events.send(event, alreadySent);
			this.events.send(event, twiceInTheBatch);
			this.events.send(event, once);
			this.events.send(event, twiceInTheBatch);
		});

		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(notifications(taskId)).hasSize(3)
				.allSatisfy((row) -> assertThat(row).containsEntry("status", "SENT")));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(duplicates() - duplicatesBefore).isEqualTo(2.0));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(notifications(taskId)).extracting((row) -> row.get("eventId"))
				.containsExactlyInAnyOrder(alreadySent.id(), twiceInTheBatch.id(), once.id());
			assertThat(receiver.requests(alreadySent.id())).hasSize(1);
			assertThat(receiver.requests(twiceInTheBatch.id())).hasSize(1);
			assertThat(receiver.requests(once.id())).hasSize(1);
		});
	}

	@Test
	void permanentFailureInTheMiddleOfABatchDeadLettersOnlyItsRecord() {
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), DEAD_LETTERS)) {
			UUID taskId = UUID.randomUUID();
			List<CloudEventAttributes> before = List.of(attributes(taskId), attributes(taskId));
			CloudEventAttributes refused = attributes(taskId);
			List<CloudEventAttributes> after = List.of(attributes(taskId), attributes(taskId));
			receiver.answer(refused.id(), 400, 200);

			inOnePoll(() -> {
				before.forEach((attributes) -> this.events.send(created(taskId), attributes));
				this.events.send(created(taskId), refused);
				after.forEach((attributes) -> this.events.send(created(taskId), attributes));
			});

			await().atMost(Duration.ofSeconds(45))
				.untilAsserted(() -> assertThat(notifications(taskId)).hasSize(5)
					.allSatisfy((row) -> assertThat(row).containsEntry("status",
							refused.id().equals(row.get("eventId")) ? "FAILED" : "SENT")));
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(DEAD_LETTERS, taskId.toString()).isEmpty());
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				List<ConsumerRecord<String, byte[]>> dead = dlt.records(DEAD_LETTERS, taskId.toString());
				assertThat(dead).singleElement()
					.satisfies((record) -> assertThat(CloudEventAttributes.header(record.headers(), "ce_id"))
						.isEqualTo(refused.id()))
					.satisfies((record) -> assertThat(
							CloudEventAttributes.header(record.headers(), "kafka_dlt-exception-message"))
						.contains("400"));
				assertThat(receiver.requests(refused.id())).hasSize(1);
				before.forEach((attributes) -> assertThat(receiver.requests(attributes.id())).hasSize(1));
				after.forEach((attributes) -> assertThat(receiver.requests(attributes.id())).hasSize(1));
			});
			assertThat(notifications(taskId)).filteredOn((row) -> refused.id().equals(row.get("eventId")))
				.singleElement()
				.satisfies((row) -> assertThat((String) row.get("lastError")).contains("400"));
		}
	}

	@Test
	void finishedNotificationsOlderThanTheRetentionArePurgedAndARecentRedeliveryIsStillRecognised() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = created(taskId);
		CloudEventAttributes old = attributes(taskId);
		CloudEventAttributes recent = attributes(taskId);
		this.events.send(event, old);
		this.events.send(event, recent);
		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(notifications(taskId)).hasSize(2)
				.allSatisfy((row) -> assertThat(row).containsEntry("status", "SENT")));
		UUID stillPending = UUID.randomUUID();
		// 15 days ago: past consumer.retention.keep (14 days)
		this.jdbc.sql("UPDATE notifications SET created_at = now() - interval '15 days' WHERE event_id = ?")
			.param(old.id())
			.update();
		this.jdbc
			.sql("""
					INSERT INTO notifications (id, event_id, kind, task_id, channel, recipient, status, attempts, created_at)
					VALUES (?, ?, 'TASK_ASSIGNED', ?, 'WEBHOOK', 'ba@example.org', 'PENDING', 0, now() - interval '15 days')""")
			.params(stillPending, UUID.randomUUID().toString(), taskId)
			.update();

		assertThat(this.purge.purge().get("notifications")).isPositive();

		assertThat(notifications(taskId)).extracting((row) -> row.get("eventId"))
			.containsExactlyInAnyOrder(recent.id(),
					this.jdbc.sql("SELECT event_id FROM notifications WHERE id = ?")
						.param(stillPending)
						.query(String.class)
						.single());
		double duplicatesBefore = duplicates();
		this.events.send(event, recent);
		await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
		assertThat(receiver.requests(recent.id())).hasSize(1);
	}

	/** Produces while the listener is paused, so that the records come in one poll. */
	private void inOnePoll(Runnable produce) {
		OnePoll.produce(this.listeners.getListenerContainer("notifications"), produce);
	}

	private double duplicates() {
		Counter counter = this.meters.find("events.duplicates").tag("type", "task.created").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private List<Map<String, Object>> notifications(UUID taskId) {
		return this.service.api().get().uri("/notifications?taskId={id}", taskId).retrieve().body(LIST);
	}

	private static TaskCreated created(UUID taskId) {
		return new TaskCreated(taskId, "Batched", null, "ba@example.org", null, Instant.now());
	}

	/**
	 * Attributes made ahead, so that the receiver's answers can be scripted per event id.
	 */
	private static CloudEventAttributes attributes(UUID taskId) {
		return CloudEventAttributes.of(created(taskId), UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

}
