package dev.taskplatform.consumer.deadletters;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

import dev.taskplatform.events.CloudEventHeaders;

/**
 * A record on a dead-letter topic, as an operator reads it.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset
 * @param deadLetteredAt the record's timestamp: when it was dead-lettered (before this
 * version: the original record's time)
 * @param key the record's key (the task id), if any
 * @param eventId its {@code ce_id}, if any (a poison record may have none)
 * @param eventType its {@code ce_type}, if any
 * @param redrives how many times it was redriven before it failed again
 * @param failure why it was dead-lettered
 */
public record DeadLetter(String topic, int partition, long offset, Instant deadLetteredAt, @Nullable String key,
		@Nullable String eventId, @Nullable String eventType, int redrives, Failure failure) {

	/**
	 * The header that counts a record's redrives: absent on a record never redriven.
	 */
	public static final String REDRIVES_HEADER = "taskplatform-redrives";

	static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
		Headers headers = record.headers();
		Failure failure = new Failure(text(headers, KafkaHeaders.DLT_EXCEPTION_FQCN),
				text(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE), text(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN),
				text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC), integer(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION),
				longValue(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET),
				instant(headers, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP),
				text(headers, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP));
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				Instant.ofEpochMilli(record.timestamp()), keyOf(record), text(headers, CloudEventHeaders.ID),
				text(headers, CloudEventHeaders.TYPE), redrives(headers), failure);
	}

	static @Nullable String keyOf(ConsumerRecord<byte[], byte[]> record) {
		return (record.key() != null) ? lenient(record.key()) : null;
	}

	/**
	 * The redrives a record's header counts.
	 * @param headers the record's headers
	 * @return the count; 0 without the header, or with one that is not a count
	 */
	static int redrives(Headers headers) {
		String count = text(headers, REDRIVES_HEADER);
		if (count == null) {
			return 0;
		}
		try {
			return Math.max(0, Integer.parseInt(count.strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static @Nullable String text(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? lenient(header.value()) : null;
	}

	private static @Nullable Integer integer(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Integer.BYTES)
				? ByteBuffer.wrap(header.value()).getInt() : null;
	}

	private static @Nullable Long longValue(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Long.BYTES)
				? ByteBuffer.wrap(header.value()).getLong() : null;
	}

	private static @Nullable Instant instant(Headers headers, String name) {
		Long millis = longValue(headers, name);
		return (millis != null) ? Instant.ofEpochMilli(millis) : null;
	}

	private static String lenient(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Why a record was dead-lettered: spring-kafka's {@code kafka_dlt-*} headers, each
	 * {@code null} when absent.
	 *
	 * @param exception the class of the exception that failed it
	 * @param message its message
	 * @param cause the class of its cause
	 * @param originalTopic the topic it was consumed from
	 * @param originalPartition the partition there
	 * @param originalOffset the offset there
	 * @param originalTime the original record's timestamp
	 * @param consumerGroup the group that gave up on it
	 */
	public record Failure(@Nullable String exception, @Nullable String message, @Nullable String cause,
			@Nullable String originalTopic, @Nullable Integer originalPartition, @Nullable Long originalOffset,
			@Nullable Instant originalTime, @Nullable String consumerGroup) {

	}

	/**
	 * One dead letter in full.
	 *
	 * @param record the record as listed
	 * @param value its value: the text when it is UTF-8, else base64
	 * @param valueEncoding {@code utf-8} or {@code base64}; {@code null} without a value
	 * @param stackTrace the failure's stack trace
	 */
	public record Detail(DeadLetter record, @Nullable String value, @Nullable String valueEncoding,
			@Nullable String stackTrace) {

		static Detail of(ConsumerRecord<byte[], byte[]> record) {
			byte[] value = record.value();
			String text = (value != null) ? strictUtf8(value) : null;
			String rendered = (value == null) ? null
					: (text != null) ? text : Base64.getEncoder().encodeToString(value);
			String encoding = (value == null) ? null : (text != null) ? "utf-8" : "base64";
			return new Detail(DeadLetter.of(record), rendered, encoding,
					text(record.headers(), KafkaHeaders.DLT_EXCEPTION_STACKTRACE));
		}

		private static @Nullable String strictUtf8(byte[] bytes) {
			try {
				CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes));
				return chars.toString();
			}
			catch (CharacterCodingException ex) {
				return null;
			}
		}

	}

}
