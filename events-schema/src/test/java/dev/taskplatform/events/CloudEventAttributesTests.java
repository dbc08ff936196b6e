package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CloudEventAttributesTests {

	@Test
	void writesEveryBinaryModeHeader() {
		UUID taskId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "t", null, null, null, Instant.now());
		RecordHeaders headers = new RecordHeaders();

		CloudEventAttributes.of(created, eventId, "/task-api", Instant.parse("2026-11-26T14:00:00.5Z"))
			.writeTo(headers);

		assertThat(CloudEventAttributes.header(headers, "ce_specversion")).isEqualTo("1.0");
		assertThat(CloudEventAttributes.header(headers, "ce_id")).isEqualTo(eventId.toString());
		assertThat(CloudEventAttributes.header(headers, "ce_type")).isEqualTo("task.created");
		assertThat(CloudEventAttributes.header(headers, "ce_source")).isEqualTo("/task-api");
		assertThat(CloudEventAttributes.header(headers, "ce_time")).isEqualTo("2026-11-26T14:00:00.500Z");
		assertThat(CloudEventAttributes.header(headers, "ce_subject")).isEqualTo(taskId.toString());
		assertThat(CloudEventAttributes.header(headers, "ce_dataschema"))
			.isEqualTo("urn:taskplatform:schema:task.created:v2");
		assertThat(CloudEventAttributes.header(headers, "content-type")).isEqualTo("application/json");
	}

	@Test
	void readsBackWhatItWrote() {
		TaskCompleted completed = new TaskCompleted(UUID.randomUUID(), Instant.now());
		CloudEventAttributes attributes = CloudEventAttributes.of(completed, UUID.randomUUID(), "/task-api",
				Instant.parse("2026-11-26T14:00:00.123456789Z"));
		RecordHeaders headers = new RecordHeaders();
		attributes.writeTo(headers);

		assertThat(CloudEventAttributes.readFrom(headers)).isEqualTo(attributes);
	}

	@Test
	void acceptsAnRfc3339TimeWithAnOffset() {
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes
			.of(new TaskCompleted(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/x", Instant.now())
			.writeTo(headers);
		headers.remove("ce_time");
		headers.add("ce_time", "2026-11-26T15:00:00+01:00".getBytes());

		assertThat(CloudEventAttributes.readFrom(headers).time()).isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
	}

	@Test
	void missingHeaderIsAnErrorThatNamesIt() {
		RecordHeaders headers = new RecordHeaders();
		CloudEventAttributes
			.of(new TaskCompleted(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/x", Instant.now())
			.writeTo(headers);
		headers.remove("ce_id");

		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> CloudEventAttributes.readFrom(headers))
			.withMessageContaining("ce_id");
	}

}
