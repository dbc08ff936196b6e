package dev.taskplatform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IncomingEventTests {

	@Test
	void readsARecordAsTaskApiProducesIt() {
		TaskCreated created = new TaskCreated(UUID.randomUUID(), "Pay", null, "a@example.org", null,
				Instant.parse("2026-11-26T14:00:00Z"));
		ConsumerRecord<String, byte[]> record = record(created, Instant.parse("2026-11-26T14:00:00Z"));

		IncomingEvent incoming = IncomingEvent.read(record);

		assertThat(incoming.event()).isEqualTo(created);
		assertThat(incoming.type()).isEqualTo(EventType.TASK_CREATED);
		assertThat(incoming.attributes().source()).isEqualTo("/task-api");
		assertThat(incoming.latencyUntil(Instant.parse("2026-11-26T14:00:00.250Z"))).isEqualTo(Duration.ofMillis(250));
		assertThat(incoming.latencyUntil(Instant.parse("2026-11-26T13:00:00Z"))).isZero();
	}

	@Test
	void recordWithoutHeadersIsPoison() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.TASK_CREATED, 0, 0, "k",
				"{}".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> IncomingEvent.read(record))
			.withMessageContaining("ce_specversion");
	}

	@Test
	void recordWithMalformedJsonIsPoison() {
		ConsumerRecord<String, byte[]> good = record(new TaskCompleted(UUID.randomUUID(), Instant.now()),
				Instant.now());
		ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>(good.topic(), 0, 0, good.key(),
				"not json".getBytes(StandardCharsets.UTF_8));
		good.headers().forEach((header) -> poison.headers().add(header));

		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> IncomingEvent.read(poison));
	}

	@Test
	void deadLetterTopicIsNamedForTopicAndGroup() {
		assertThat(Topics.deadLetter("task.created", "audit-service")).isEqualTo("task.created.audit-service.dlt");
	}

	private static ConsumerRecord<String, byte[]> record(TaskEvent event, Instant time) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(event.eventType().topic(), 0, 0,
				event.taskId().toString(), TaskEventJson.write(event));
		CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api", time).writeTo(record.headers());
		return record;
	}

}
