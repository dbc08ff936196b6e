package dev.taskplatform.taskapi.task;

import dev.taskplatform.taskapi.MigratedDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.taskplatform.taskapi.outbox.OutboxRecord;
import dev.taskplatform.taskapi.task.TaskRepository.NewTask;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements that write a task with its event, on real PostgreSQL.
 */
class TaskRepositoryIntegrationTests {

	private DatabaseClient database;

	private TaskRepository tasks;

	@BeforeEach
	void createDatabase() {
		this.database = MigratedDatabase.create().client();
		this.tasks = new TaskRepository(this.database);
	}

	@Test
	void aBatchWritesEachTaskWithItsEventInOrderOptionalFieldsIncluded() {
		Instant due = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
		NewTask full = newTask("Full", "Some text", "ops@example.org", due, null);
		NewTask bare = newTask("Bare", null, null, null, null);
		NewTask third = newTask("Third", null, null, null, null);

		StepVerifier.create(this.tasks.insertAll(List.of(full, bare, third))).assertNext((inserted) -> {
			assertThat(inserted.ids()).containsExactlyInAnyOrder(full.task().id(), bare.task().id(), third.task().id());
			assertThat(inserted.xid()).isPositive();
		}).verifyComplete();

		StepVerifier.create(this.tasks.findById(full.task().id())).expectNext(full.task()).verifyComplete();
		StepVerifier.create(this.tasks.findById(bare.task().id())).expectNext(bare.task()).verifyComplete();
		// one transaction, the rows in the batch's order, the payload as given
		StepVerifier
			.create(this.database
				.sql("SELECT message_key, convert_from(payload, 'UTF8') AS payload FROM outbox_events ORDER BY xid, id")
				.map((row) -> row.get("message_key", String.class) + " " + row.get("payload", String.class))
				.all()
				.collectList())
			.expectNext(List.of(full.task().id() + " {\"title\":\"Full\"}", bare.task().id() + " {\"title\":\"Bare\"}",
					third.task().id() + " {\"title\":\"Third\"}"))
			.verifyComplete();
	}

	@Test
	void aTakenIdempotencyKeyLeavesOutOnlyItsTaskAndWritesNoEventForIt() {
		StepVerifier.create(this.tasks.insertAll(List.of(newTask("Earlier", null, null, null, "key-1"))))
			.expectNextCount(1)
			.verifyComplete();
		NewTask sameKeyAsEarlier = newTask("Again", null, null, null, "key-1");
		NewTask fresh = newTask("Fresh", null, null, null, "key-2");
		NewTask sameKeyInTheBatch = newTask("Fresh again", null, null, null, "key-2");
		NewTask noKey = newTask("No key", null, null, null, null);

		StepVerifier.create(this.tasks.insertAll(List.of(sameKeyAsEarlier, fresh, sameKeyInTheBatch, noKey)))
			.assertNext((inserted) -> assertThat(inserted.ids()).containsExactlyInAnyOrder(fresh.task().id(),
					noKey.task().id()))
			.verifyComplete();

		StepVerifier
			.create(this.database.sql("SELECT count(*) AS n FROM outbox_events")
				.map((row) -> row.get("n", Long.class))
				.one())
			.expectNext(3L)
			.verifyComplete();
	}

	@Test
	void aCompletionWritesItsEventOnlyWhenItCompletes() {
		NewTask task = newTask("To complete", null, null, null, null);
		this.tasks.insertAll(List.of(task)).block();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		OutboxRecord completed = new OutboxRecord("task.completed", task.task().id().toString(), "{}", "{}".getBytes());

		StepVerifier.create(this.tasks.complete(task.task().id(), now, "completer-1", completed))
			.assertNext((done) -> assertThat(done.task().status()).isEqualTo(TaskStatus.COMPLETED))
			.verifyComplete();
		StepVerifier.create(this.tasks.complete(task.task().id(), now, "completer-2", completed)).verifyComplete();
		StepVerifier.create(this.tasks.complete(UUID.randomUUID(), now, null, completed)).verifyComplete();
		StepVerifier.create(this.tasks.findById(task.task().id()))
			.assertNext((stored) -> assertThat(stored).extracting(Task::createdBy, Task::completedBy)
				.containsExactly("creator-1", "completer-1"))
			.verifyComplete();

		StepVerifier
			.create(this.database.sql("SELECT topic FROM outbox_events ORDER BY xid, id")
				.map((row) -> row.get("topic", String.class))
				.all()
				.collectList())
			.expectNext(List.of("task.created", "task.completed"))
			.verifyComplete();
	}

	private static NewTask newTask(String title, @Nullable String description, @Nullable String assignee,
			@Nullable Instant dueAt, @Nullable String idempotencyKey) {
		Task task = new Task(UUID.randomUUID(), title, description, assignee, dueAt, TaskStatus.OPEN,
				Instant.now().truncatedTo(ChronoUnit.MICROS), null, "creator-1", null);
		return new NewTask(task, idempotencyKey, (idempotencyKey != null) ? "hash" : null, new OutboxRecord(
				"task.created", task.id().toString(), "{}", ("{\"title\":\"" + title + "\"}").getBytes()));
	}

}
