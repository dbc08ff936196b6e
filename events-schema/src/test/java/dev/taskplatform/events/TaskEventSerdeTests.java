package dev.taskplatform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TaskEventSerdeTests {

	private final TaskEventSerializer serializer = new TaskEventSerializer();

	private final TaskEventDeserializer deserializer = new TaskEventDeserializer();

	@Test
	void eventSurvivesARoundTripThroughTheSerde() {
		TaskCreated created = new TaskCreated(UUID.randomUUID(), "Write the README", "with both commands",
				"dev@example.org", Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-11-26T14:00:00Z"));
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api", Instant.now()).writeTo(headers);

		byte[] bytes = this.serializer.serialize(Topics.TASK_CREATED, created);

		assertThat(this.deserializer.deserialize(Topics.TASK_CREATED, headers, bytes)).isEqualTo(created);
	}

	@Test
	void absentOptionalFieldsAreLeftOutOfTheJson() {
		TaskCreated created = new TaskCreated(UUID.randomUUID(), "t", null, null, null, Instant.now());

		String json = new String(TaskEventJson.write(created), StandardCharsets.UTF_8);

		assertThat(json).doesNotContain("description", "assignee", "dueAt");
	}

	@Test
	void unknownFieldsAreTolerated() {
		String json = """
				{"taskId":"5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01","completedAt":"2026-11-27T08:30:00Z",
				 "priority":"high","tags":["later","v3"]}""";

		TaskEvent event = this.deserializer.deserialize(Topics.TASK_COMPLETED, json.getBytes(StandardCharsets.UTF_8));

		assertThat(event).isEqualTo(new TaskCompleted(UUID.fromString("5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01"),
				Instant.parse("2026-11-27T08:30:00Z")));
	}

	@Test
	void missingRequiredFieldIsAnErrorThatNamesIt() {
		String json = "{\"taskId\":\"5b0d6a56-2f0e-4c4e-9d53-0c6a3f3f1d01\",\"createdAt\":\"2026-11-26T14:00:00Z\"}";

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize(Topics.TASK_CREATED, json.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("task.created")
			.withMessageContaining("missing required field 'title'");
	}

	@Test
	void malformedJsonIsASerializationException() {
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.deserializer
			.deserialize(Topics.TASK_CREATED, "{\"taskId\":".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void typeComesFromTheCeTypeHeaderBeforeTheTopic() {
		TaskCompleted completed = new TaskCompleted(UUID.randomUUID(), Instant.parse("2026-11-27T08:30:00Z"));
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes.of(completed, UUID.randomUUID(), "/task-api", Instant.now()).writeTo(headers);

		TaskEvent event = this.deserializer.deserialize("some.replay.topic", headers,
				this.serializer.serialize("some.replay.topic", completed));

		assertThat(event).isEqualTo(completed);
	}

	@Test
	void unknownTypeIsASerializationException() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("task.archived", "{}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("unknown event type 'task.archived'");
	}

}
