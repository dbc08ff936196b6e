package dev.taskplatform.consumer.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeadLettersTests {

	private static final String DLT = "task.created.notification-service.dlt";

	@Test
	void onlyTheServicesOwnDeadLetterTopicsHaveAnOriginal() {
		DeadLetterTopics topics = new DeadLetterTopics(java.util.List.of("task.created", "task.reminder.due"),
				"notification-service");

		assertThat(topics.names()).containsExactly(DLT, "task.reminder.due.notification-service.dlt");
		assertThat(topics.originalOf(DLT)).contains("task.created");
		assertThat(topics.originalOf("task.created")).isEmpty();
		assertThat(topics.originalOf("task.created.audit-service.dlt")).isEqualTo(Optional.empty());
	}

	@Test
	void aRedrivenRecordKeepsKeyValueAndEventHeadersAndCountsTheRedrive() {
		ConsumerRecord<byte[], byte[]> dead = deadLetter("task.created", 1);

		ProducerRecord<byte[], byte[]> again = Redriver.redriven(dead, "task.created");

		assertThat(again.topic()).isEqualTo("task.created");
		assertThat(again.partition()).isNull();
		assertThat(again.timestamp()).isNull();
		assertThat(again.key()).isEqualTo(dead.key());
		assertThat(again.value()).isEqualTo(dead.value());
		assertThat(again.headers()).extracting(Header::key)
			.containsExactlyInAnyOrder("ce_id", "traceparent", DeadLetter.REDRIVES_HEADER);
		assertThat(
				new String(again.headers().lastHeader(DeadLetter.REDRIVES_HEADER).value(), StandardCharsets.US_ASCII))
			.isEqualTo("2");
	}

	@Test
	void aRecordIsRefusedWhenRedrivenTooOftenOrWhenItNamesAnotherTopic() {
		Redriver redriver = new Redriver(2, Duration.ofDays(14),
				Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));

		assertThat(redriver.refusal(deadLetter("task.created", 1), "task.created")).isNull();
		assertThat(redriver.refusal(deadLetter("task.created", 2), "task.created")).contains("redriven 2 times");
		assertThat(redriver.refusal(deadLetter("task.completed", 0), "task.created")).contains("task.completed");
	}

	@Test
	void aDeadLetterOlderThanTheServicesRememberIsRefused() {
		// published at 1 s; the services recognise redeliveries for 14 days
		Instant fifteenDaysLater = Instant.ofEpochMilli(1_000).plus(Duration.ofDays(15));
		Redriver redriver = new Redriver(3, Duration.ofDays(14), Clock.fixed(fifteenDaysLater, ZoneOffset.UTC));

		assertThat(redriver.refusal(deadLetter("task.created", 0), "task.created")).contains("consumer.retention.keep");
	}

	@Test
	void copiesOfOneDeadLetterShareAnIdentity() {
		ConsumerRecord<byte[], byte[]> first = deadLetter("task.created", 0);
		ConsumerRecord<byte[], byte[]> again = deadLetter("task.created", 1);
		ConsumerRecord<byte[], byte[]> poison = new ConsumerRecord<>(DLT, 2, 9, new byte[0], new byte[0]);

		assertThat(Redriver.identity(first)).isEqualTo(Redriver.identity(again)).isEqualTo("id event-1");
		assertThat(Redriver.identity(poison)).isEqualTo("dead letter 2@9");
	}

	@Test
	void timesOutsideWhatKafkaCanSeekToAreRefused() {
		assertThat(new Selection(null, null, null, null, Instant.parse("0001-01-01T00:00:00Z"), null).problem())
			.contains("between 1970 and 9999");
		assertThat(new Selection(null, null, null, null, null, Instant.MAX).problem()).contains("between");
	}

	@Test
	void aDeadLetterIsReadFromItsHeaders() {
		DeadLetter letter = DeadLetter.of(deadLetter("task.created", 1));

		assertThat(letter.key()).isEqualTo("7c3e");
		assertThat(letter.eventId()).isEqualTo("event-1");
		assertThat(letter.redrives()).isEqualTo(1);
		assertThat(letter.deadLetteredAt()).isEqualTo(Instant.ofEpochMilli(2_000));
		assertThat(letter.failure().originalTopic()).isEqualTo("task.created");
		assertThat(letter.failure().originalPartition()).isEqualTo(4);
		assertThat(letter.failure().originalOffset()).isEqualTo(42L);
		assertThat(letter.failure().originalTime()).isEqualTo(Instant.ofEpochMilli(1_000));
		assertThat(letter.failure().message()).isEqualTo("webhook answered HTTP 410");
	}

	@Test
	void aValueThatIsNotUtf8IsShownInBase64() {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(DLT, 0, 0, new byte[0],
				new byte[] { (byte) 0xff, (byte) 0xfe });

		DeadLetter.Detail detail = DeadLetter.Detail.of(record);

		assertThat(detail.valueEncoding()).isEqualTo("base64");
		assertThat(detail.value()).isEqualTo("//4=");
	}

	@Test
	void selectionsThatCannotBeMetAreRefused() {
		assertThat(new Selection(null, 3L, null, null, null, null).problem()).contains("need a partition");
		assertThat(new Selection(0, 5L, 4L, null, null, null).problem()).contains("fromOffset");
		assertThat(new Selection(null, null, null, null, Instant.EPOCH, Instant.EPOCH).problem()).contains("since");
		assertThat(new Selection(0, 4L, 5L, null, Instant.EPOCH, null).problem()).isNull();
		assertThat(new Selection(null, null, null, null, null, null).choosesSome()).isFalse();
		assertThat(new Selection(null, null, null, "7c3e", null, null).choosesSome()).isTrue();
	}

	@Test
	void aSelectionMatchesByKeyAndTime() {
		ConsumerRecord<byte[], byte[]> record = deadLetter("task.created", 0);

		assertThat(new Selection(null, null, null, "7c3e", null, null).matches(record)).isTrue();
		assertThat(new Selection(null, null, null, "other", null, null).matches(record)).isFalse();
		assertThat(new Selection(null, null, null, null, Instant.ofEpochMilli(2_000), null).matches(record)).isTrue();
		assertThat(new Selection(null, null, null, null, Instant.ofEpochMilli(2_001), null).matches(record)).isFalse();
		assertThat(new Selection(null, null, null, null, null, Instant.ofEpochMilli(2_000)).matches(record)).isFalse();
	}

	@Test
	void positionsAreWrittenAndReadBack() {
		assertThat(Position.parse(new Position(3, 120).toString())).isEqualTo(new Position(3, 120));
		assertThatIllegalArgumentException().isThrownBy(() -> Position.parse("3"));
		assertThatIllegalArgumentException().isThrownBy(() -> Position.parse("a:1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Position.parse("-1:1"));
	}

	private static ConsumerRecord<byte[], byte[]> deadLetter(String originalTopic, int redrives) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", bytes("event-1"));
		headers.add("traceparent", bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		if (redrives > 0) {
			headers.add(DeadLetter.REDRIVES_HEADER, bytes(Integer.toString(redrives)));
		}
		headers.add("kafka_dlt-original-topic", bytes(originalTopic));
		headers.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(4).array());
		headers.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42).array());
		headers.add("kafka_dlt-original-timestamp", ByteBuffer.allocate(8).putLong(1_000).array());
		headers.add("kafka_dlt-exception-message", bytes("webhook answered HTTP 410"));
		return new ConsumerRecord<>(DLT, 0, 7, 2_000, TimestampType.CREATE_TIME, 4, 2, bytes("7c3e"), bytes("{}"),
				headers, Optional.empty());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
