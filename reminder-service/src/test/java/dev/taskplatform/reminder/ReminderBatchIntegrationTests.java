package dev.taskplatform.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.taskplatform.consumer.RetentionPurge;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCompleted;
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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poll's records in one transaction, no reminder for a task whose completion reached
 * Kafka before its reminder fired, and the rows that recognise redeliveries kept for the
 * retention, on a real Kafka broker and a real PostgreSQL: the listener container (or one
 * topic's partitions) is paused while a test produces, so that its records arrive in one
 * poll (or not yet).
 */
@ConsumerServiceTest(properties = { "reminder.lead=PT2S", "reminder.settle=5s" })
class ReminderBatchIntegrationTests {

	// long enough for a test to see a reminder scheduled and send the completion before
	// it fires, on a loaded machine
	private static final Duration SETTLE = Duration.ofSeconds(5);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final Duration LEAD = Duration.ofSeconds(2);

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private SchedulerClient scheduler;

	@Autowired
	private RetentionPurge purge;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	private MessageListenerContainer container;

	@BeforeEach
	void start() {
		this.container = this.listeners.getListenerContainer("reminders");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.container.getAssignedPartitions().size() == 12);
	}

	@Test
	void aTaskCreatedAndCompletedInOnePollIsCancelledWhileTheOthersFire() {
		UUID completed = UUID.randomUUID();
		UUID open = UUID.randomUUID();
		Instant dueAt = Instant.now().plus(LEAD).plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
		try (TopicRecorder published = TopicRecorder.start(this.service.bootstrapServers(), Topics.TASK_REMINDER_DUE)) {
			OnePoll.produce(this.container, () -> {
				this.events.send(new TaskCreated(completed, "Done at once", null, null, dueAt, Instant.now()));
				this.events.send(new TaskCompleted(completed, Instant.now()));
				this.events.send(new TaskCreated(open, "Still open", null, null, dueAt, Instant.now()));
			});

			await().atMost(Duration.ofSeconds(20))
				.until(() -> !published.records(Topics.TASK_REMINDER_DUE, open.toString()).isEmpty());
			assertThat(reminder(completed)).containsEntry("status", "CANCELLED")
				.containsEntry("dueAt", dueAt.toString());
			assertThat(this.scheduler.getScheduledExecution(sendReminder(completed))).isEmpty();
			assertThat(published.records(Topics.TASK_REMINDER_DUE, completed.toString())).isEmpty();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(reminder(open)).containsEntry("status", "SENT"));
		}
	}

	@Test
	void aReminderDueWaitsUntilTheCompletionsAlreadyInKafkaAreApplied() {
		UUID taskId = UUID.randomUUID();
		List<TopicPartition> completions = this.container.getAssignedPartitions()
			.stream()
			.filter((partition) -> partition.topic().equals(Topics.TASK_COMPLETED))
			.toList();
		try (TopicRecorder published = TopicRecorder.start(this.service.bootstrapServers(), Topics.TASK_REMINDER_DUE)) {
			// the completion is in Kafka, but its consumer is behind (here: paused)
			completions.forEach(this.container::pausePartition);
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> completions.stream().allMatch(this.container::isPartitionPaused));
				this.events.send(new TaskCompleted(taskId, Instant.now()));
				// due within the lead: its reminder is
				// due a settle (5 s) after it is seen
				Instant dueAt = Instant.now().plus(LEAD).minusMillis(500).truncatedTo(ChronoUnit.MILLIS);
				Instant now = Instant.now();
				this.events.send(new TaskCreated(taskId, "Completed in the meantime", null, null, dueAt, now));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "SCHEDULED"));
				Instant executionTime = this.scheduler.getScheduledExecution(sendReminder(taskId))
					.orElseThrow()
					.getExecutionTime();

				// due, but held back past its time:
				// task.completed is not applied up to it
				Duration pastDue = Duration.between(Instant.now(), executionTime.plusSeconds(2));
				await().during(pastDue).atMost(pastDue.plusSeconds(5)).untilAsserted(() -> {
					assertThat(reminder(taskId)).containsEntry("status", "SCHEDULED");
					assertThat(published.records(Topics.TASK_REMINDER_DUE, taskId.toString())).isEmpty();
				});
				assertThat(this.meters.get("reminders.completion.horizon.lag").gauge().value()).isGreaterThan(1);
			}
			finally {
				completions.forEach(this.container::resumePartition);
			}

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "CANCELLED"));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.scheduler.getScheduledExecution(sendReminder(taskId)).isEmpty());
			assertThat(published.records(Topics.TASK_REMINDER_DUE, taskId.toString())).isEmpty();
		}
	}

	@Test
	void aReminderAlreadyDueWhenItsTaskIsSeenSettlesSoThatACompletionFollowingItCancelsIt() {
		UUID taskId = UUID.randomUUID();
		Instant dueAt = Instant.now().plus(LEAD).minusMillis(500).truncatedTo(ChronoUnit.MILLIS);
		try (TopicRecorder published = TopicRecorder.start(this.service.bootstrapServers(), Topics.TASK_REMINDER_DUE)) {
			// as after a Kafka outage: the creation comes out of task-api's outbox, its
			// completion right behind it
			this.events.send(new TaskCreated(taskId, "Completed right after", null, null, dueAt, Instant.now()));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "SCHEDULED"));
			Instant seen = this.jdbc.sql("SELECT created_at FROM reminders WHERE task_id = ?")
				.param(taskId)
				.query(java.sql.Timestamp.class)
				.single()
				.toInstant();
			assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId)).orElseThrow().getExecutionTime())
				.isAfterOrEqualTo(seen.plus(SETTLE));
			this.events.send(new TaskCompleted(taskId, Instant.now()));

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "CANCELLED"));
			assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId))).isEmpty();
			assertThat(published.records(Topics.TASK_REMINDER_DUE, taskId.toString())).isEmpty();
		}
	}

	@Test
	void aReminderWhoseCreationWasPublishedLateWaitsAsLongAgainAfterItsPublication() {
		UUID taskId = UUID.randomUUID();
		Instant dueAt = Instant.now().plus(LEAD).minusMillis(500).truncatedTo(ChronoUnit.MILLIS);
		// created 20 s ago, held in task-api's outbox (a Kafka outage): its completion
		// may be in the backlog still draining behind it
		Instant occurred = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MICROS);
		TaskCreated created = new TaskCreated(taskId, "Created during an outage", null, null, dueAt, occurred);
		Instant published = Instant.now();
		this.events.send(created, CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api", occurred));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reminder(taskId)).containsEntry("status", "SCHEDULED"));

		// published at least 20 s late: it fires at least 20 s after its publication
		assertThat(this.scheduler.getScheduledExecution(sendReminder(taskId)).orElseThrow().getExecutionTime())
			.isAfterOrEqualTo(published.plus(Duration.between(occurred, published)).truncatedTo(ChronoUnit.SECONDS));
	}

	@Test
	void aRecordWhoseEffectFailsGoesAloneToItsDeadLetterTopicAndTheRestOfItsPollIsApplied() {
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "reminder-service");
		UUID before = UUID.randomUUID();
		UUID failing = UUID.randomUUID();
		UUID after = UUID.randomUUID();
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			OnePoll.produce(this.container, () -> {
				this.events.send(new TaskCreated(before, "Before", null, null, null, Instant.now()));
				// readable, but PostgreSQL's text cannot hold U+0000: its insert fails
				this.events.send(new TaskCreated(failing, "Nul \u0000 title", null, null, null, Instant.now()));
				this.events.send(new TaskCreated(after, "After", null, null, null, Instant.now()));
			});

			await().atMost(Duration.ofSeconds(30)).until(() -> !dlt.records(deadLetters, failing.toString()).isEmpty());
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(reminder(before)).containsEntry("status", "SKIPPED");
				assertThat(reminder(after)).containsEntry("status", "SKIPPED");
			});
			assertThat(reminders(failing)).isEmpty();
			ConsumerRecord<String, byte[]> dead = dlt.records(deadLetters, failing.toString()).get(0);
			assertThat(CloudEventAttributes.header(dead.headers(), "kafka_dlt-original-topic"))
				.isEqualTo(Topics.TASK_CREATED);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(dlt.records(deadLetters, failing.toString())).hasSize(1));
		}
	}

	@Test
	void rowsOlderThanTheRetentionArePurgedAndARecentRedeliveryIsStillRecognised() {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		TaskCreated recentTask = new TaskCreated(recent, "Recent", null, null, null, Instant.now());
		CloudEventAttributes oldEvent = this.events.send(new TaskCreated(old, "Old", null, null, null, Instant.now()));
		CloudEventAttributes recentEvent = this.events.send(recentTask);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(reminders(old)).hasSize(1);
			assertThat(reminders(recent)).hasSize(1);
		});
		// 15 days ago: past consumer.retention.keep (14 days)
		this.jdbc.sql("UPDATE processed_events SET processed_at = now() - interval '15 days' WHERE event_id = ?")
			.param(oldEvent.id())
			.update();
		this.jdbc.sql("UPDATE reminders SET created_at = now() - interval '15 days' WHERE task_id = ?")
			.param(old)
			.update();

		Map<String, Long> purged = this.purge.purge();

		assertThat(purged.get("processed_events")).isPositive();
		assertThat(purged.get("reminders")).isPositive();
		assertThat(processed(oldEvent.id())).isZero();
		assertThat(reminders(old)).isEmpty();
		assertThat(processed(recentEvent.id())).isOne();
		double duplicatesBefore = duplicates();
		this.events.send(recentTask, recentEvent);
		await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
		assertThat(reminders(recent)).hasSize(1);
	}

	private int processed(String eventId) {
		return this.jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single();
	}

	private double duplicates() {
		Counter counter = this.meters.find("events.duplicates").tag("type", "task.created").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Map<String, Object> reminder(UUID taskId) {
		List<Map<String, Object>> reminders = reminders(taskId);
		assertThat(reminders).hasSize(1);
		return reminders.get(0);
	}

	private List<Map<String, Object>> reminders(UUID taskId) {
		return this.service.api().get().uri("/reminders?taskId={id}", taskId).retrieve().body(LIST);
	}

	private static com.github.kagkarlsson.scheduler.task.TaskInstanceId sendReminder(UUID taskId) {
		return TaskDescriptor.of("send-reminder").instanceId(taskId.toString());
	}

}
