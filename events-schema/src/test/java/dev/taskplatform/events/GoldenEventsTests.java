package dev.taskplatform.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backward-compatibility guard: stored samples of every event version keep deserializing,
 * a reader of each version reads the other, and what we serialize validates against the
 * shipped schema.
 */
class GoldenEventsTests {

	@Test
	void storedTaskCreatedV1KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_CREATED, resource("golden/task.created.v1.json"));

		assertThat(event).isEqualTo(new TaskCreated(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01"),
				"Renew the TLS certificate", "The certificate of api.example.org expires on Friday.", "ops@example.org",
				Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-11-26T14:00:00.123456Z")));
	}

	@Test
	void storedMinimalTaskCreatedV1KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_CREATED, resource("golden/task.created.v1-minimal.json"));

		assertThat(event).isEqualTo(new TaskCreated(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d02"),
				"Water the plants", null, null, null, Instant.parse("2026-11-26T14:00:00Z")));
	}

	@Test
	void storedTaskCreatedV2KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_CREATED, resource("golden/task.created.v2.json"));

		assertThat(event).isEqualTo(new TaskCreated(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d03"),
				"Rotate the signing key", "The token signing key is a year old.", "security@example.org",
				Instant.parse("2026-12-15T09:00:00Z"), Instant.parse("2026-12-01T10:00:00.5Z"), "user-7f3a"));
	}

	@Test
	void storedTaskCompletedV2KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_COMPLETED, resource("golden/task.completed.v2.json"));

		assertThat(event).isEqualTo(new TaskCompleted(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d03"),
				Instant.parse("2026-12-02T16:45:00Z"), "user-9b21"));
	}

	@Test
	void aVersion2ReaderReadsVersion1WithoutTheNewFields() {
		TaskCreated created = (TaskCreated) TaskEventJson.read(EventType.TASK_CREATED,
				resource("golden/task.created.v1.json"));
		TaskCompleted completed = (TaskCompleted) TaskEventJson.read(EventType.TASK_COMPLETED,
				resource("golden/task.completed.v1.json"));

		assertThat(created.createdBy()).isNull();
		assertThat(completed.completedBy()).isNull();
		assertThat(validate(EventType.TASK_CREATED, 2, resource("golden/task.created.v1.json"))).isEmpty();
		assertThat(validate(EventType.TASK_COMPLETED, 2, resource("golden/task.completed.v1.json"))).isEmpty();
	}

	@Test
	void aVersion1ReaderReadsVersion2AndIgnoresTheNewFields() {
		TaskCreatedV1 created = TaskEventJson.readAs(TaskCreatedV1.class, resource("golden/task.created.v2.json"));
		TaskCompletedV1 completed = TaskEventJson.readAs(TaskCompletedV1.class,
				resource("golden/task.completed.v2.json"));

		assertThat(created).isEqualTo(new TaskCreatedV1(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d03"),
				"Rotate the signing key", "The token signing key is a year old.", "security@example.org",
				Instant.parse("2026-12-15T09:00:00Z"), Instant.parse("2026-12-01T10:00:00.5Z")));
		assertThat(completed).isEqualTo(new TaskCompletedV1(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d03"),
				Instant.parse("2026-12-02T16:45:00Z")));
		assertThat(validate(EventType.TASK_CREATED, 1, resource("golden/task.created.v2.json"))).isEmpty();
		assertThat(validate(EventType.TASK_COMPLETED, 1, resource("golden/task.completed.v2.json"))).isEmpty();
	}

	@Test
	void eventsAreWrittenInVersion2() {
		assertThat(EventType.TASK_CREATED.dataSchema()).isEqualTo("urn:taskplatform:schema:task.created:v2");
		assertThat(EventType.TASK_COMPLETED.dataSchema()).isEqualTo("urn:taskplatform:schema:task.completed:v2");
		TaskCreated created = new TaskCreated(UUID.randomUUID(), "Ship it", null, null, null, Instant.now(), "u-1");

		assertThat(new String(TaskEventJson.write(created), StandardCharsets.UTF_8)).contains("\"createdBy\":\"u-1\"");
		assertThat(validate(EventType.TASK_CREATED, TaskEventJson.write(created))).isEmpty();
		assertThat(validate(EventType.TASK_COMPLETED,
				TaskEventJson.write(new TaskCompleted(UUID.randomUUID(), Instant.now(), "u-2"))))
			.isEmpty();
	}

	@Test
	void storedTaskCompletedV1KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_COMPLETED, resource("golden/task.completed.v1.json"));

		assertThat(event).isEqualTo(new TaskCompleted(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01"),
				Instant.parse("2026-11-27T08:30:00Z")));
	}

	@Test
	void storedReminderDueV1KeepsDeserializing() {
		TaskEvent event = TaskEventJson.read(EventType.TASK_REMINDER_DUE, resource("golden/task.reminder.due.v1.json"));

		assertThat(event).isEqualTo(new ReminderDue(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01"),
				"Renew the TLS certificate", "ops@example.org", Instant.parse("2026-12-01T09:00:00Z"),
				Instant.parse("2026-12-01T08:00:00Z")));
	}

	@Test
	void serializedReminderDueValidatesAgainstItsSchema() {
		ReminderDue reminder = new ReminderDue(UUID.randomUUID(), "Ship it", null, Instant.now().plusSeconds(3600),
				Instant.now());

		assertThat(validate(EventType.TASK_REMINDER_DUE, TaskEventJson.write(reminder))).isEmpty();
	}

	@Test
	void storedSamplesValidateAgainstTheirSchemas() {
		assertThat(validate(EventType.TASK_CREATED, resource("golden/task.created.v1.json"))).isEmpty();
		assertThat(validate(EventType.TASK_CREATED, resource("golden/task.created.v1-minimal.json"))).isEmpty();
		assertThat(validate(EventType.TASK_COMPLETED, resource("golden/task.completed.v1.json"))).isEmpty();
		assertThat(validate(EventType.TASK_REMINDER_DUE, resource("golden/task.reminder.due.v1.json"))).isEmpty();
		assertThat(validate(EventType.TASK_CREATED, resource("golden/task.created.v2.json"))).isEmpty();
		assertThat(validate(EventType.TASK_COMPLETED, resource("golden/task.completed.v2.json"))).isEmpty();
	}

	@Test
	void serializedTaskCreatedValidatesAgainstItsSchema() {
		TaskCreated full = new TaskCreated(UUID.randomUUID(), "Ship it", "All of it", "dev@example.org",
				Instant.parse("2026-12-24T17:00:00Z"), Instant.now());
		TaskCreated minimal = new TaskCreated(UUID.randomUUID(), "Ship it", null, null, null, Instant.now());

		assertThat(validate(EventType.TASK_CREATED, TaskEventJson.write(full))).isEmpty();
		assertThat(validate(EventType.TASK_CREATED, TaskEventJson.write(minimal))).isEmpty();
	}

	@Test
	void serializedTaskCompletedValidatesAgainstItsSchema() {
		TaskCompleted completed = new TaskCompleted(UUID.randomUUID(), Instant.now());

		assertThat(validate(EventType.TASK_COMPLETED, TaskEventJson.write(completed))).isEmpty();
	}

	@Test
	void schemaRejectsAnEventWithoutItsRequiredFields() {
		byte[] missingTitle = "{\"taskId\":\"5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01\",\"createdAt\":\"2026-11-26T14:00:00Z\"}"
			.getBytes(StandardCharsets.UTF_8);

		assertThat(validate(EventType.TASK_CREATED, missingTitle)).extracting(ValidationMessage::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("title"));
	}

	@Test
	void everySchemaDeclaresTheDataSchemaItsEventsCarry() {
		for (EventType type : EventType.values()) {
			for (int version = 1; version <= type.version(); version++) {
				assertThat(new String(resource(type.schemaResource(version)), StandardCharsets.UTF_8))
					.contains("\"$id\": \"" + type.dataSchema(version) + "\"");
			}
		}
	}

	private static Set<ValidationMessage> validate(EventType type, byte[] json) {
		return validate(type, type.version(), json);
	}

	private static Set<ValidationMessage> validate(EventType type, int version, byte[] json) {
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream schemaJson = GoldenEventsTests.class.getClassLoader()
			.getResourceAsStream(type.schemaResource(version))) {
			assertThat(schemaJson).as("schema %s on the classpath", type.schemaResource(version)).isNotNull();
			JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
				.getSchema(schemaJson, config);
			return schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code task.created} as version 1 of this module read it. */
	record TaskCreatedV1(UUID taskId, String title, @Nullable String description, @Nullable String assignee,
			@Nullable Instant dueAt, Instant createdAt) {

	}

	/** {@code task.completed} as version 1 of this module read it. */
	record TaskCompletedV1(UUID taskId, Instant completedAt) {

	}

	private static byte[] resource(String name) {
		try (InputStream in = GoldenEventsTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as("resource %s", name).isNotNull();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
