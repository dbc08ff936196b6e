package dev.taskplatform.reminder.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.TaskCompleted;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.TaskEvent;
import dev.taskplatform.events.TaskEventJson;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the "same transaction" claim rests on: db-scheduler's SQL joins the transaction of
 * the event's effect (its Boot starter wraps the DataSource as transaction-aware), so a
 * listener that rolls back leaves nothing scheduled, and its redelivery schedules the
 * reminder.
 */
@ConsumerServiceTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReminderTransactionIntegrationTests {

	@Autowired
	private Reminders reminders;

	@Autowired
	private SchedulerClient scheduler;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void rolledBackCreationLeavesNothingScheduledAndItsRedeliverySchedules() {
		UUID taskId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "Rolled back", null, null,
				Instant.now().plus(Duration.ofHours(3)), Instant.now());
		Reminders.Received event = received(created);

		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.reminders.apply(List.of(event)).fresh()).containsExactly(event);
			assertThat(this.scheduler.getScheduledExecution(instance(taskId))).isPresent();
			status.setRollbackOnly();
		});

		assertThat(this.scheduler.getScheduledExecution(instance(taskId))).isEmpty();
		assertThat(reminderRows(taskId)).isZero();

		assertThat(this.reminders.apply(List.of(event)).fresh()).containsExactly(event);
		assertThat(this.scheduler.getScheduledExecution(instance(taskId))).isPresent();
		assertThat(reminderRows(taskId)).isOne();
		assertThat(this.reminders.apply(List.of(event)).redelivered()).containsExactly(event);
	}

	@Test
	void rolledBackCompletionLeavesTheReminderScheduled() {
		UUID taskId = UUID.randomUUID();
		this.reminders.apply(List.of(received(new TaskCreated(taskId, "Still scheduled", null, null,
				Instant.now().plus(Duration.ofHours(3)), Instant.now()))));

		this.transaction.executeWithoutResult((status) -> {
			this.reminders.apply(List.of(received(new TaskCompleted(taskId, Instant.now()))));
			assertThat(this.scheduler.getScheduledExecution(instance(taskId))).isEmpty();
			status.setRollbackOnly();
		});

		assertThat(this.scheduler.getScheduledExecution(instance(taskId))).isPresent();
		assertThat(this.jdbc.sql("SELECT status FROM reminders WHERE task_id = ?")
			.param(taskId)
			.query(String.class)
			.single()).isEqualTo("SCHEDULED");
	}

	private int reminderRows(UUID taskId) {
		return this.jdbc.sql("SELECT count(*) FROM reminders WHERE task_id = ?")
			.param(taskId)
			.query(Integer.class)
			.single();
	}

	private static Reminders.Received received(TaskEvent event) {
		return new Reminders.Received(
				new IncomingEvent(CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api", Instant.now()), event,
						TaskEventJson.write(event)),
				null, Instant.now());
	}

	private static TaskInstanceId instance(UUID taskId) {
		return SendReminderTaskConfiguration.SEND_REMINDER.instanceId(taskId.toString());
	}

}
