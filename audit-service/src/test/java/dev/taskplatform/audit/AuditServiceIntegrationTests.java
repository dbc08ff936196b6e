package dev.taskplatform.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.EventType;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEventJson;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceContract;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.OnePoll;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * audit-service on a real Kafka broker and a real PostgreSQL, fed records exactly as
 * task-api produces them.
 */
@ConsumerServiceTest(properties = { "logging.level.dev.taskplatform.audit=DEBUG", ConsumerServiceContract.EXPOSURE,
		ConsumerServiceContract.DEAD_LETTERS_ACCESS })
@ExtendWith(OutputCaptureExtension.class)
class AuditServiceIntegrationTests implements ConsumerServiceContract {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Override
	public String serviceName() {
		return "audit-service";
	}

	@Override
	public String listenerId() {
		return "audit";
	}

	@Override
	public String readPath() {
		return "/audit-events";
	}

	@Override
	public String consumedTopic() {
		return Topics.TASK_COMPLETED;
	}

	@Override
	public String otherServiceName() {
		return "reminder-service";
	}

	/** Also a {@code from} beyond what an instant can hold. */
	@Override
	public List<String> badQueries() {
		return List.of("limit=0", "limit=1001", "taskId=not-a-uuid", "from=%2B300000-01-01T00:00:00Z");
	}

	@Test
	void everyTaskEventIsAppendedWithItsAttributesAndPayload() {
		UUID taskId = UUID.randomUUID();
		Instant due = Instant.parse("2030-01-31T09:00:00Z");
		CloudEventAttributes created = this.events
			.send(new TaskCreated(taskId, "Audit me", null, "a@example.org", due, Instant.now()));
		CloudEventAttributes reminded = this.events
			.send(new ReminderDue(taskId, "Audit me", "a@example.org", due, due.minusSeconds(3600)));
		CloudEventAttributes completed = this.events.send(new TaskCompleted(taskId, Instant.now()));

		List<Map<String, Object>> items = awaitItems("taskId=" + taskId, 3);

		assertThat(items).extracting((item) -> item.get("eventId"))
			.containsExactlyInAnyOrder(created.id(), reminded.id(), completed.id());
		assertThat(items).extracting((item) -> item.get("type"))
			.containsExactlyInAnyOrder("task.created", "task.reminder.due", "task.completed");
		Map<String, Object> createdItem = items.stream()
			.filter((item) -> item.get("eventId").equals(created.id()))
			.findFirst()
			.orElseThrow();
		assertThat(createdItem).containsEntry("source", "/task-api")
			.containsEntry("taskId", taskId.toString())
			.containsEntry("occurredAt", created.time().toString())
			.containsEntry("hashScheme", 2)
			.containsEntry("payloadText", null);
		@SuppressWarnings("unchecked")
		Map<String, Object> payload = (Map<String, Object>) createdItem.get("payload");
		assertThat(payload).containsEntry("title", "Audit me").containsEntry("assignee", "a@example.org");
		assertThat((String) createdItem.get("hash")).hasSize(64);
		assertThat(items).extracting((item) -> ((Number) item.get("sequence")).longValue()).isSorted();
	}

	@Test
	void redeliveredEventIsRecordedOnce() {
		UUID taskId = UUID.randomUUID();
		TaskCompleted completed = new TaskCompleted(taskId, Instant.now());
		CloudEventAttributes attributes = this.events.send(completed);
		awaitItems("taskId=" + taskId, 1);

		// after the first is committed, so that the database, not the batch, tells
		this.events.send(completed, attributes);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> items("taskId=" + taskId).size() == 1);
	}

	@Test
	void poisonRecordGoesToItsDeadLetterTopicAndLaterRecordsAreStillProcessed() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "audit-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			String poisonKey = UUID.randomUUID().toString();
			ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.TASK_CREATED, poisonKey,
					"{\"taskId\": not json".getBytes(StandardCharsets.UTF_8));
			poison.headers().add("ce_type", "task.created".getBytes(StandardCharsets.UTF_8));
			this.events.sendRaw(poison);
			UUID later = UUID.randomUUID();
			this.events.send(new TaskCreated(later, "After the poison", null, null, null, Instant.now()));

			awaitItems("taskId=" + later, 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, poisonKey).isEmpty());
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, poisonKey).get(0);
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"taskId\": not json");
			assertThat(header(dead, "ce_type")).isEqualTo("task.created");
			assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.TASK_CREATED);
			assertThat(header(dead, "kafka_dlt-exception-message")).contains("unreadable event");
		}
	}

	@Test
	void eventWhoseJsonHasNoCanonicalFormGoesToItsDeadLetterTopic() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "audit-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			UUID taskId = UUID.randomUUID();
			String json = "{\"taskId\":\"" + taskId + "\",\"title\":\"Titled once\",\"title\":\"Titled twice\","
					+ "\"createdAt\":\"" + Instant.now() + "\"}";
			// readable (the last title wins); RFC 8785 has no form for duplicate names
			this.events.sendJson(EventType.TASK_CREATED, taskId, 2, json);
			UUID later = UUID.randomUUID();
			this.events.send(new TaskCreated(later, "After the duplicate", null, null, null, Instant.now()));

			awaitItems("taskId=" + later, 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, taskId.toString()).isEmpty());
			assertThat(header(dlt.records(deadLetters, taskId.toString()).get(0), "kafka_dlt-exception-message"))
				.contains("no RFC 8785 form")
				.contains("duplicate member name");
			assertThat(items("taskId=" + taskId)).isEmpty();
		}
	}

	@Test
	void eventWhoseAppendFailsGoesAloneToItsDeadLetterTopicAndTheRestOfItsPollIsAppended() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "audit-service");
		UUID taskId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "Appended around", null, null, null, Instant.now());
		CloudEventAttributes before = attributes(created, "/task-api");
		// readable, but PostgreSQL's text cannot hold U+0000: its insert fails
		CloudEventAttributes failing = attributes(created, "/task-api\u0000");
		CloudEventAttributes after = attributes(created, "/task-api");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			OnePoll.produce(this.listeners.getListenerContainer("audit"), () -> {
				this.events.send(created, before);
				this.events.send(created, failing);
				this.events.send(created, after);
			});

			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, taskId.toString()).isEmpty());
			assertThat(awaitItems("taskId=" + taskId, 2)).extracting((item) -> item.get("eventId"))
				.containsExactly(before.id(), after.id());
			assertThat(header(dlt.records(deadLetters, taskId.toString()).get(0), "ce_id")).isEqualTo(failing.id());
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(dlt.records(deadLetters, taskId.toString())).hasSize(1);
				assertThat(items("taskId=" + taskId)).hasSize(2);
			});
		}
	}

	@Test
	void chainOverManyEventsVerifies() {
		UUID taskId = UUID.randomUUID();
		for (int i = 0; i < 300; i++) {
			this.events.send(new TaskCreated(taskId, "Event " + i, "n°" + i + " — ünïcode", null, null, Instant.now()));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(items("taskId=" + taskId + "&limit=1000")).hasSize(300));

		Map<String, Object> verification = this.service.api().get().uri("/audit-events/verify").retrieve().body(JSON);

		assertThat(verification).containsEntry("valid", true).containsEntry("firstBrokenSequence", null);
		assertThat(((Number) verification.get("checked")).longValue()).isGreaterThanOrEqualTo(300);
	}

	@Test
	void eventsWithFieldsFromANewerProducerKeepTheChainValid() {
		UUID taskId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "From a newer producer", null, null, null, Instant.now());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TASK_CREATED, taskId.toString(),
				("{\"taskId\":\"" + taskId + "\",\"title\":\"From a newer producer\",\"createdAt\":\""
						+ created.createdAt() + "\",\"zeta\":1.0E7,\"alpha\":{\"b\":[1,2.50],\"a\":\"\\u00e9\"}}")
					.getBytes(StandardCharsets.UTF_8));
		CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api", Instant.now()).writeTo(record.headers());
		this.events.sendRaw(record);

		awaitItems("taskId=" + taskId, 1);
		Map<String, Object> verification = this.service.api().get().uri("/audit-events/verify").retrieve().body(JSON);

		assertThat(verification).containsEntry("valid", true);
	}

	@Test
	void recordingAnEventJoinsTheTraceItCarries(CapturedOutput output) {
		UUID taskId = UUID.randomUUID();
		String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
		TaskCreated created = new TaskCreated(taskId, "Traced", null, null, null, Instant.now());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TASK_CREATED, taskId.toString(),
				TaskEventJson.write(created));
		CloudEventAttributes attributes = CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api",
				Instant.now());
		attributes.writeTo(record.headers());
		record.headers()
			.add("traceparent", ("00-" + traceId + "-c7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8));
		this.events.sendRaw(record);

		awaitItems("taskId=" + taskId, 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().lines().anyMatch((line) -> line.contains(attributes.id())));
		assertThat(output.getOut().lines().filter((line) -> line.contains(attributes.id())))
			.anySatisfy((line) -> assertThat(line).contains(traceId));
	}

	@Test
	void pagesFollowTheCursorInSequenceOrder() {
		UUID taskId = UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			this.events.send(new TaskCompleted(taskId, Instant.now()));
		}
		awaitItems("taskId=" + taskId, 5);

		Map<String, Object> first = this.service.api()
			.get()
			.uri("/audit-events?taskId={id}&limit=3", taskId)
			.retrieve()
			.body(JSON);
		Map<String, Object> second = this.service.api()
			.get()
			.uri("/audit-events?taskId={id}&limit=3&cursor={cursor}", taskId, first.get("nextCursor"))
			.retrieve()
			.body(JSON);

		assertThat((List<?>) first.get("items")).hasSize(3);
		assertThat((List<?>) second.get("items")).hasSize(2);
		assertThat(second.get("nextCursor")).isNull();
	}

	@Test
	void exposesTheConsumersLag() {
		UUID taskId = UUID.randomUUID();
		this.events.send(new TaskCreated(taskId, "Measure me", null, null, null, Instant.now()));
		awaitItems("taskId=" + taskId, 1);

		String metrics = this.service.management().get().uri("/actuator/prometheus").retrieve().body(String.class);

		assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
	}

	private List<Map<String, Object>> awaitItems(String query, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> items(query).size() >= count);
		return items(query);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> items(String query) {
		return (List<Map<String, Object>>) this.service.api()
			.get()
			.uri("/audit-events?" + query)
			.retrieve()
			.body(JSON)
			.get("items");
	}

	private static CloudEventAttributes attributes(TaskCreated event, String source) {
		return CloudEventAttributes.of(event, UUID.randomUUID(), source, Instant.now());
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return CloudEventAttributes.header(record.headers(), name);
	}

}
