package dev.taskplatform.notification;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * notification-service on a real Kafka broker and a real PostgreSQL, fed records exactly
 * as task-api produces them, delivering to a real HTTP server that plays the webhook
 * receiver.
 */
@ConsumerServiceTest(properties = { "notification.webhook.secret=" + NotificationServiceIntegrationTests.SECRET,
		"notification.webhook.timeout=3s", "notification.webhook.initial-backoff=50ms",
		"notification.webhook.max-backoff=200ms",
		// a failing receiver must not hold back the next test's deliveries for long
		"notification.webhook.breaker.failure-rate=100", "notification.webhook.breaker.open-for=1s" })
class NotificationServiceIntegrationTests {

	static final String SECRET = "s3cr3t-for-tests";

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private PostgresDatabase database;

	@DynamicPropertySource
	static void webhookReceiver(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void assignedTaskIsPostedAsASignedWebhook() {
		UUID taskId = UUID.randomUUID();
		Instant due = Instant.parse("2030-01-31T09:00:00Z");
		CloudEventAttributes sent = this.events
			.send(new TaskCreated(taskId, "Write the report", "All of it", "ada@example.org", due, Instant.now()));

		Map<String, Object> notification = awaitNotification(taskId, "SENT");

		List<WebhookReceiver.Request> requests = receiver.requests(sent.id());
		assertThat(requests).hasSize(1);
		WebhookReceiver.Request request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.header("webhook-id")).isEqualTo(sent.id());
		assertThat(Long.parseLong(request.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.data.Offset.offset(60L));
		assertThat(request.header("webhook-signature")).startsWith("v1,");
		// a receiver verifies it with the Standard
		// Webhooks library, the secret's bytes as its key
		String receiverSecret = "whsec_"
				+ java.util.Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
		assertThatNoException().isThrownBy(() -> new com.standardwebhooks.Webhook(receiverSecret)
			.verify(new String(request.body(), StandardCharsets.UTF_8), request.headers()));
		// and the headers of the previous release, while legacy-headers is on
		assertThat(request.header("X-Event-Id")).isEqualTo(sent.id());
		assertThat(request.header("X-Signature")).isEqualTo("sha256=" + hmacSha256Hex(SECRET, request.body()));
		Map<String, Object> body = json.readValue(request.body(), OBJECT);
		assertThat(body).containsOnlyKeys("eventId", "kind", "taskId", "title", "assignee", "dueAt")
			.containsEntry("eventId", sent.id())
			.containsEntry("kind", "TASK_ASSIGNED")
			.containsEntry("taskId", taskId.toString())
			.containsEntry("title", "Write the report")
			.containsEntry("assignee", "ada@example.org")
			.containsEntry("dueAt", "2030-01-31T09:00:00Z");
		assertThat(notification).containsEntry("eventId", sent.id())
			.containsEntry("taskId", taskId.toString())
			.containsEntry("kind", "TASK_ASSIGNED")
			.containsEntry("channel", "WEBHOOK")
			.containsEntry("recipient", "ada@example.org")
			.containsEntry("status", "SENT")
			.containsEntry("attempts", 1)
			.containsEntry("lastError", null);
		assertThat(notification.get("sentAt")).isNotNull();
		assertThat(notification.get("createdAt")).isNotNull();
	}

	@Test
	void taskWithoutDueDateIsPostedWithANullDueAt() {
		UUID taskId = UUID.randomUUID();
		CloudEventAttributes sent = this.events
			.send(new TaskCreated(taskId, "Whenever", null, "bo@example.org", null, Instant.now()));

		awaitNotification(taskId, "SENT");

		Map<String, Object> body = json.readValue(receiver.requests(sent.id()).get(0).body(), OBJECT);
		assertThat(body).containsEntry("dueAt", null).containsEntry("kind", "TASK_ASSIGNED");
	}

	@Test
	void dueReminderRemindsTheAssignee() {
		UUID taskId = UUID.randomUUID();
		Instant due = Instant.parse("2031-05-01T12:00:00Z");
		CloudEventAttributes sent = this.events
			.send(new ReminderDue(taskId, "Renew the domain", "cy@example.org", due, due.minus(1, ChronoUnit.DAYS)));

		Map<String, Object> notification = awaitNotification(taskId, "SENT");

		assertThat(notification).containsEntry("kind", "REMINDER")
			.containsEntry("channel", "WEBHOOK")
			.containsEntry("recipient", "cy@example.org")
			.containsEntry("attempts", 1);
		Map<String, Object> body = json.readValue(receiver.requests(sent.id()).get(0).body(), OBJECT);
		assertThat(body).containsEntry("kind", "REMINDER")
			.containsEntry("title", "Renew the domain")
			.containsEntry("dueAt", "2031-05-01T12:00:00Z");
	}

	@Test
	void taskWithoutAssigneeIsSkippedWithoutARequest() {
		UUID taskId = UUID.randomUUID();
		CloudEventAttributes sent = this.events
			.send(new TaskCreated(taskId, "Nobody's", null, null, null, Instant.now()));

		Map<String, Object> notification = awaitNotification(taskId, "SKIPPED");

		assertThat(notification).containsEntry("eventId", sent.id())
			.containsEntry("kind", "TASK_ASSIGNED")
			.containsEntry("channel", null)
			.containsEntry("recipient", null)
			.containsEntry("attempts", 0)
			.containsEntry("sentAt", null);
		assertThat(receiver.requests(sent.id())).isEmpty();
		assertThat(receiver.requestsMentioning(taskId.toString())).isEmpty();
	}

	@Test
	void reminderWithoutAssigneeIsSkipped() {
		UUID taskId = UUID.randomUUID();
		Instant due = Instant.parse("2031-05-01T12:00:00Z");
		CloudEventAttributes sent = this.events
			.send(new ReminderDue(taskId, "Nobody's", null, due, due.minus(1, ChronoUnit.HOURS)));

		assertThat(awaitNotification(taskId, "SKIPPED")).containsEntry("kind", "REMINDER");
		assertThat(receiver.requests(sent.id())).isEmpty();
	}

	@Test
	void serverErrorsAreRetriedUntilTheReceiverTakesIt() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Flaky receiver", null, "di@example.org", null, Instant.now());
		CloudEventAttributes attributes = attributes(event);
		receiver.answer(attributes.id(), 503, 503, 200);
		this.events.send(event, attributes);

		Map<String, Object> notification = awaitNotification(taskId, "SENT");

		assertThat(notification).containsEntry("attempts", 3).containsEntry("lastError", null);
		List<WebhookReceiver.Request> requests = receiver.requests(attributes.id());
		assertThat(requests).hasSize(3);
		// the same bytes and signature on every attempt
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.body()).isEqualTo(requests.get(0).body());
			assertThat(request.header("X-Signature")).isEqualTo(requests.get(0).header("X-Signature"));
		});
	}

	@Test
	void timeoutIsRetried() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Slow receiver", null, "ed@example.org", null, Instant.now());
		CloudEventAttributes attributes = attributes(event);
		receiver.answer(attributes.id(), WebhookReceiver.NO_ANSWER, 200);
		this.events.send(event, attributes);

		assertThat(awaitNotification(taskId, "SENT")).containsEntry("attempts", 2);
		assertThat(receiver.requests(attributes.id())).hasSize(2);
	}

	@Test
	void clientErrorFailsAtOnceAndSendsTheRecordToItsDeadLetterTopic() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			UUID taskId = UUID.randomUUID();
			TaskCreated event = new TaskCreated(taskId, "Refused", null, "fa@example.org", null, Instant.now());
			CloudEventAttributes attributes = attributes(event);
			receiver.answer(attributes.id(), 400, 200);
			this.events.send(event, attributes);

			Map<String, Object> notification = awaitNotification(taskId, "FAILED");
			assertThat(notification).containsEntry("attempts", 1).containsEntry("sentAt", null);
			assertThat((String) notification.get("lastError")).contains("400");

			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, taskId.toString()).isEmpty());
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, taskId.toString()).get(0);
			assertThat(header(dead, "ce_id")).isEqualTo(attributes.id());
			assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.TASK_CREATED);
			assertThat(header(dead, "kafka_dlt-exception-message")).contains("400");
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(receiver.requests(attributes.id())).hasSize(1));
		}
	}

	@Test
	void failedNotificationIsDeliveredWhenItsRecordIsReplayedFromTheDeadLetterTopic() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			UUID taskId = UUID.randomUUID();
			TaskCreated event = new TaskCreated(taskId, "Refused, then fixed", null, "re@example.org", null,
					Instant.now());
			CloudEventAttributes attributes = attributes(event);
			receiver.answer(attributes.id(), 400);
			this.events.send(event, attributes);
			awaitNotification(taskId, "FAILED");
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, taskId.toString()).isEmpty());

			// the receiver is fixed; an operator replays the dead letter onto its topic
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, taskId.toString()).get(0);
			ProducerRecord<String, byte[]> replay = new ProducerRecord<>(Topics.TASK_CREATED, dead.key(), dead.value());
			dead.headers().forEach((header) -> {
				if (!header.key().startsWith("kafka_dlt")) {
					replay.headers().add(header);
				}
			});
			this.events.sendRaw(replay);

			Map<String, Object> notification = awaitNotification(taskId, "SENT");
			assertThat(notification).containsEntry("attempts", 1);
			assertThat(notifications("taskId=" + taskId)).hasSize(1);
			assertThat(receiver.requests(attributes.id())).hasSize(2);
		}
	}

	@Test
	void exhaustedRetriesFailTheNotificationAndDeadLetterTheReminderWhileTheReceiverTakesOthers() {
		String deadLetters = Topics.deadLetter(Topics.TASK_REMINDER_DUE, "notification-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			UUID taskId = UUID.randomUUID();
			Instant due = Instant.parse("2031-05-01T12:00:00Z");
			ReminderDue event = new ReminderDue(taskId, "Down for this one", "gu@example.org", due, due);
			CloudEventAttributes attributes = attributes(event);
			Integer[] alwaysUnavailable = new Integer[60];
			java.util.Arrays.fill(alwaysUnavailable, 503);
			receiver.answer(attributes.id(), alwaysUnavailable);
			this.events.send(event, attributes);
			await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests(attributes.id()).isEmpty());

			// the receiver takes other deliveries meanwhile (on other partitions, which
			// the waiting event does not hold up): it is this request it cannot take
			List<UUID> others = new java.util.ArrayList<>();
			await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).until(() -> {
				UUID other = otherPartitionThan(Topics.TASK_REMINDER_DUE, taskId);
				this.events.send(new ReminderDue(other, "Fine", "gu@example.org", due, due));
				others.add(other);
				return "FAILED".equals(notifications("taskId=" + taskId).get(0).get("status"));
			});

			Map<String, Object> notification = notifications("taskId=" + taskId).get(0);
			assertThat((Integer) notification.get("attempts")).isGreaterThanOrEqualTo(4);
			assertThat((String) notification.get("lastError")).contains("503");
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, taskId.toString()).isEmpty());
			assertThat(receiver.requests(attributes.id())).hasSize((Integer) notification.get("attempts"));
			assertThat(awaitNotification(others.get(0), "SENT")).containsEntry("attempts", 1);
		}
	}

	@Test
	void redeliveredEventNotifiesOnce() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Twice", null, "ha@example.org", null, Instant.now());
		CloudEventAttributes attributes = this.events.send(event);
		this.events.send(event, attributes);

		awaitNotification(taskId, "SENT");
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(notifications("taskId=" + taskId)).hasSize(1);
			assertThat(receiver.requests(attributes.id())).hasSize(1);
		});
	}

	@Test
	void eventLeftPendingByACrashIsDeliveredAgain() throws SQLException {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Interrupted", null, "io@example.org", null, Instant.now());
		CloudEventAttributes attributes = attributes(event);
		UUID id = UUID.randomUUID();
		// what a crash between recording and delivering leaves behind
		insertPendingRow(id, attributes.id(), taskId, "io@example.org");
		this.events.send(event, attributes);

		Map<String, Object> notification = awaitNotification(taskId, "SENT");

		assertThat(notification).containsEntry("id", id.toString()).containsEntry("attempts", 1);
		assertThat(receiver.requests(attributes.id())).hasSize(1);
	}

	@Test
	void poisonRecordGoesToItsDeadLetterTopicAndLaterRecordsAreStillProcessed() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			String poisonKey = UUID.randomUUID().toString();
			// valid JSON, but none of the CloudEvents headers
			this.events.sendRaw(new ProducerRecord<>(Topics.TASK_CREATED, poisonKey,
					("{\"taskId\":\"" + poisonKey + "\",\"title\":\"Headless\",\"assignee\":\"x@example.org\","
							+ "\"createdAt\":\"2030-01-01T00:00:00Z\"}")
						.getBytes(StandardCharsets.UTF_8)));
			UUID later = UUID.randomUUID();
			this.events.send(new TaskCreated(later, "After the poison", null, "jo@example.org", null, Instant.now()));

			awaitNotification(later, "SENT");
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, poisonKey).isEmpty());
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, poisonKey).get(0);
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("Headless");
			assertThat(header(dead, "kafka_dlt-exception-message")).contains("ce_");
			assertThat(notifications("taskId=" + poisonKey)).isEmpty();
			assertThat(receiver.requestsMentioning(poisonKey)).isEmpty();
		}
	}

	@Test
	void listIsInRecordingOrderAndLimited() {
		UUID taskId = UUID.randomUUID();
		Instant due = Instant.parse("2031-05-01T12:00:00Z");
		this.events.send(new TaskCreated(taskId, "Ordered", null, "ka@example.org", due, Instant.now()));
		for (int i = 0; i < 2; i++) {
			Instant remindAt = due.minus(i + 1, ChronoUnit.HOURS);
			this.events.send(new ReminderDue(taskId, "Ordered", "ka@example.org", due, remindAt));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> notifications("taskId=" + taskId).size() == 3);

		List<Map<String, Object>> all = notifications("taskId=" + taskId);
		List<Map<String, Object>> first = notifications("taskId=" + taskId + "&limit=2");

		assertThat(all).extracting((item) -> (String) item.get("createdAt"))
			.isSortedAccordingTo((left, right) -> Instant.parse(left).compareTo(Instant.parse(right)));
		assertThat(first).isEqualTo(all.subList(0, 2));
	}

	@Test
	void infoNamesTheBuildAndTheCommit() {
		Map<String, Object> info = this.service.management()
			.get()
			.uri("/actuator/info")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});

		assertThat(info.get("build").toString()).contains("artifact=notification-service", "version=");
		// built from a git checkout (not a source archive): the commit too
		if (getClass().getResource("/git.properties") != null) {
			assertThat(info.get("git").toString()).containsPattern("id=[0-9a-f]{7}");
		}
	}

	@Test
	void deadLettersEndpointIsNotExposedUnlessTheExposureNamesIt() {
		int status = this.service.management()
			.get()
			.uri("/actuator/deadletters")
			.exchange((request, response) -> response.getStatusCode().value());

		assertThat(status).isEqualTo(404);
	}

	private Map<String, Object> awaitNotification(UUID taskId, String status) {
		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(notifications("taskId=" + taskId)).singleElement()
				.extracting((item) -> item.get("status"))
				.isEqualTo(status));
		return notifications("taskId=" + taskId).get(0);
	}

	private List<Map<String, Object>> notifications(String query) {
		return this.service.api().get().uri("/notifications?" + query).retrieve().body(LIST);
	}

	/**
	 * Attributes made ahead, so that the receiver's answers can be scripted per event id.
	 */
	private static CloudEventAttributes attributes(TaskEvent event) {
		return CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

	private static String hmacSha256Hex(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void insertPendingRow(UUID id, String eventId, UUID taskId, String recipient) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO notifications (id, event_id, kind, task_id, channel, recipient, status, attempts, "
								+ "created_at) VALUES (?, ?, 'TASK_ASSIGNED', ?, 'WEBHOOK', ?, 'PENDING', 0, ?)")) {
			insert.setObject(1, id);
			insert.setString(2, eventId);
			insert.setObject(3, taskId);
			insert.setString(4, recipient);
			insert.setTimestamp(5, Timestamp.from(Instant.now()));
			insert.executeUpdate();
		}
	}

	/**
	 * A task id whose records go to another partition of the topic than the given one's.
	 */
	private UUID otherPartitionThan(String topic, UUID taskId) {
		int partitions = this.events.partitions(topic);
		UUID other;
		do {
			other = UUID.randomUUID();
		}
		while (partitions > 1 && partition(other, partitions) == partition(taskId, partitions));
		return other;
	}

	private static int partition(UUID key, int partitions) {
		// the default partitioner's choice for a keyed record
		byte[] bytes = key.toString().getBytes(StandardCharsets.UTF_8);
		return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(bytes))
				% partitions;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return CloudEventAttributes.header(record.headers(), name);
	}

}
