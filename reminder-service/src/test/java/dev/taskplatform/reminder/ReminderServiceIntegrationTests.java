package dev.taskplatform.reminder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventDeserializer;
import dev.taskplatform.events.TaskEventJson;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceContract;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * reminder-service on a real Kafka broker and a real PostgreSQL, fed records exactly as
 * task-api produces them, with a lead of two seconds; and the contract every consumer
 * passes, for reminder-service.
 */
@ConsumerServiceTest(properties = { "reminder.lead=PT2S", ConsumerServiceContract.EXPOSURE,
		ConsumerServiceContract.DEAD_LETTERS_ACCESS })
class ReminderServiceIntegrationTests implements ConsumerServiceContract {

	private static final Duration LEAD = Duration.ofSeconds(2);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private SchedulerClient scheduler;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	private TopicRecorder published;

	@Override
	public String serviceName() {
		return "reminder-service";
	}

	@Override
	public String listenerId() {
		return "reminders";
	}

	@Override
	public String readPath() {
		return "/reminders";
	}

	@Override
	public String consumedTopic() {
		return Topics.TASK_COMPLETED;
	}

	@Override
	public String otherServiceName() {
		return "audit-service";
	}

	@BeforeEach
	void start() {
		this.published = TopicRecorder.start(this.service.bootstrapServers(), Topics.TASK_REMINDER_DUE);
		// timing assertions assume the records are consumed
		// as they come, not after a first rebalance
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.listeners.getListenerContainer("reminders").getAssignedPartitions().size() == 12);
	}

	@AfterEach
	void stop() {
		this.published.close();
	}

	@Test
	void reminderFiresTheLeadBeforeTheTaskIsDue() {
		UUID taskId = UUID.randomUUID();
		Instant dueAt = Instant.now().plus(LEAD).plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
		Instant remindAt = dueAt.minus(LEAD);
		TaskCreated created = new TaskCreated(taskId, "Call Bob", "about the invoice", "bob@example.org", dueAt,
				Instant.now());
		this.events.send(created);

		ConsumerRecord<String, byte[]> record = awaitReminder(taskId, Duration.ofSeconds(20));

		assertThat(Instant.ofEpochMilli(record.timestamp())).isAfterOrEqualTo(remindAt.minusMillis(100))
			.isBefore(remindAt.plusSeconds(3));
		CloudEventAttributes attributes = CloudEventAttributes.readFrom(record.headers());
		assertThat(attributes.source()).isEqualTo("/reminder-service");
		assertThat(attributes.type()).isEqualTo("task.reminder.due");
		assertThat(attributes.subject()).isEqualTo(taskId.toString());
		assertThat(attributes.dataSchema()).isEqualTo("urn:taskplatform:schema:task.reminder.due:v1");
		assertThat(UUID.fromString(attributes.id())).isNotNull();
		assertThat(attributes.time()).isAfterOrEqualTo(remindAt.minusMillis(100));
		assertThat(header(record, "content-type")).isEqualTo("application/json");
		TaskEvent body = new TaskEventDeserializer().deserialize(record.topic(), record.headers(), record.value());
		assertThat(body).isEqualTo(new ReminderDue(taskId, "Call Bob", "bob@example.org", dueAt, remindAt));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> reminder = reminder(taskId);
			assertThat(reminder).containsEntry("status", "SENT")
				.containsEntry("taskId", taskId.toString())
				.containsEntry("dueAt", dueAt.toString())
				.containsEntry("remindAt", remindAt.toString());
			assertThat(reminder.get("sentAt")).isNotNull();
			assertThat(reminder.get("id")).isNotNull();
		});
	}

	@Test
	void aReminderFiredLaterContinuesTheTraceOfItsTasksCreation() {
		UUID taskId = UUID.randomUUID();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String creationSpan = "00f067aa0ba902b7";
		TaskCreated created = new TaskCreated(taskId, "Traced", null, null, Instant.now().plus(LEAD).plusMillis(500),
				Instant.now());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TASK_CREATED, taskId.toString(),
				TaskEventJson.write(created));
		CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api", Instant.now()).writeTo(record.headers());
		record.headers()
			.add("traceparent", ("00-" + traceId + "-" + creationSpan + "-01").getBytes(StandardCharsets.UTF_8));
		this.events.sendRaw(record);

		ConsumerRecord<String, byte[]> reminder = awaitReminder(taskId, Duration.ofSeconds(10));

		// the same trace, from a span of the firing (a child, not the creation's span)
		assertThat(header(reminder, "traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
			.doesNotContain(creationSpan);
		assertThat(reminder.headers().headers("traceparent")).hasSize(1);
	}

	@Test
	void aReminderWithoutStoredTraceStartsATraceOfItsOwn() {
		UUID taskId = UUID.randomUUID();
		this.events.send(new TaskCreated(taskId, "Untraced", null, null, Instant.now().plus(LEAD).plusMillis(500),
				Instant.now()));

		ConsumerRecord<String, byte[]> reminder = awaitReminder(taskId, Duration.ofSeconds(10));

		assertThat(header(reminder, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
	}

	@Test
	void taskDueWithinTheLeadIsRemindedAtOnce() {
		UUID taskId = UUID.randomUUID();
		Instant sent = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant dueAt = sent.plus(LEAD).minusMillis(500).truncatedTo(ChronoUnit.MILLIS);
		this.events.send(new TaskCreated(taskId, "Soon", null, null, dueAt, Instant.now()));

		// at once: after reminder.settle (2 s)
		ConsumerRecord<String, byte[]> record = awaitReminder(taskId, Duration.ofSeconds(10));

		ReminderDue body = (ReminderDue) new TaskEventDeserializer().deserialize(record.topic(), record.headers(),
				record.value());
		assertThat(body.assignee()).isNull();
		assertThat(body.remindAt()).isAfterOrEqualTo(sent).isBefore(dueAt);
	}

	@Test
	void taskAlreadyDueIsSkippedAndNothingIsPublished() {
		UUID taskId = UUID.randomUUID();
		Instant past = Instant.now().minusSeconds(60);
		this.events.send(new TaskCreated(taskId, "Too late", null, null, past, Instant.now()));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "SKIPPED")
				.containsEntry("remindAt", null)
				.containsEntry("sentAt", null));
		assertNeverPublished(taskId, Duration.ofSeconds(3));
	}

	@Test
	void taskWithoutDueDateIsSkipped() {
		UUID taskId = UUID.randomUUID();
		this.events.send(new TaskCreated(taskId, "Someday", null, null, null, Instant.now()));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(reminder(taskId)).containsEntry("status", "SKIPPED").containsEntry("dueAt", null));
	}

	@Test
	void completionBeforeTheReminderCancelsIt() {
		UUID taskId = UUID.randomUUID();
		Instant dueAt = Instant.now().plus(LEAD).plusSeconds(5);
		this.events.send(new TaskCreated(taskId, "Done early", null, null, dueAt, Instant.now()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "SCHEDULED"));
		assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId))).isPresent();

		this.events.send(new TaskCompleted(taskId, Instant.now()));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "CANCELLED"));
		assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId))).isEmpty();
		assertNeverPublished(taskId, Duration.between(Instant.now(), dueAt.minus(LEAD)).plusSeconds(2));
	}

	@Test
	void completionSeenBeforeCreationMeansNoReminder() {
		UUID taskId = UUID.randomUUID();
		this.events.send(new TaskCompleted(taskId, Instant.now()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "CANCELLED"));

		Instant dueAt = Instant.now().plus(LEAD).plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
		this.events.send(new TaskCreated(taskId, "Completed first", null, null, dueAt, Instant.now()));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("dueAt", dueAt.toString()));
		assertThat(reminder(taskId)).containsEntry("status", "CANCELLED");
		assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId))).isEmpty();
		assertNeverPublished(taskId, Duration.ofSeconds(3));
	}

	@Test
	void redeliveredCreationSchedulesOneReminder() {
		UUID taskId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "Twice", null, null, Instant.now().plus(LEAD).plusSeconds(1),
				Instant.now());
		CloudEventAttributes attributes = this.events.send(created);
		this.events.send(created, attributes);

		awaitReminder(taskId, Duration.ofSeconds(10));

		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(6))
			.until(() -> this.published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).size() == 1);
		assertThat(reminders("taskId=" + taskId)).hasSize(1);
		assertThat(metrics())
			.contains("events_duplicates_total{application=\"reminder-service\",type=\"task.created\"}");
	}

	@Test
	void poisonRecordGoesToItsDeadLetterTopicAndLaterRecordsAreStillProcessed() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "reminder-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			String poisonKey = UUID.randomUUID().toString();
			ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.TASK_CREATED, poisonKey,
					"{\"taskId\": not json".getBytes(StandardCharsets.UTF_8));
			poison.headers().add("ce_type", "task.created".getBytes(StandardCharsets.UTF_8));
			this.events.sendRaw(poison);
			UUID later = UUID.randomUUID();
			this.events.send(new TaskCreated(later, "After the poison", null, null, null, Instant.now()));

			await().atMost(Duration.ofSeconds(30)).until(() -> !reminders("taskId=" + later).isEmpty());
			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, poisonKey).isEmpty());
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, poisonKey).get(0);
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"taskId\": not json");
			assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.TASK_CREATED);
		}
	}

	private ConsumerRecord<String, byte[]> awaitReminder(UUID taskId, Duration atMost) {
		await().atMost(atMost)
			.until(() -> !this.published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).isEmpty());
		return this.published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).get(0);
	}

	private void assertNeverPublished(UUID taskId, Duration during) {
		await().during(during)
			.atMost(during.plusSeconds(5))
			.until(() -> this.published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).isEmpty());
	}

	private Map<String, Object> reminder(UUID taskId) {
		List<Map<String, Object>> reminders = reminders("taskId=" + taskId);
		assertThat(reminders).hasSize(1);
		return reminders.get(0);
	}

	private List<Map<String, Object>> reminders(String query) {
		return this.service.api().get().uri("/reminders?" + query).retrieve().body(LIST);
	}

	private String metrics() {
		return this.service.management().get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private static com.github.kagkarlsson.scheduler.task.TaskInstanceId sendReminder(UUID taskId) {
		return TaskDescriptor.of("send-reminder").instanceId(taskId.toString());
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return CloudEventAttributes.header(record.headers(), name);
	}

}
