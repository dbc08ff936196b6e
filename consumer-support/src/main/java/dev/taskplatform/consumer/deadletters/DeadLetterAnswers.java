package dev.taskplatform.consumer.deadletters;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The bodies {@link DeadLettersEndpoint} answers with; the actuator writes each as JSON
 * with its components as fields, in their order.
 */
public final class DeadLetterAnswers {

	private DeadLetterAnswers() {
	}

	/**
	 * An answer with a {@link Problem} body.
	 * @param status the HTTP status
	 * @param title what went wrong
	 * @param detail this occurrence ({@code null} is written {@code "null"})
	 * @return the answer
	 */
	static WebEndpointResponse<Object> problem(int status, String title, @Nullable String detail) {
		return new WebEndpointResponse<>(new Problem(title, status, String.valueOf(detail)), status);
	}

	/**
	 * @param topics the service's dead-letter topics
	 */
	public record Topics(List<TopicSummary> topics) {

	}

	/**
	 * @param name the dead-letter topic
	 * @param originalTopic the topic its records came from, and are redriven to
	 * @param records the records it holds now (redriven ones included: Kafka keeps them
	 * until the topic's retention)
	 * @param partitions records per partition
	 */
	public record TopicSummary(String name, String originalTopic, long records, Map<Integer, Long> partitions) {

	}

	/**
	 * @param topic the dead-letter topic
	 * @param records the records of this page
	 * @param next the {@code page} of the next page, or {@code null} at the end
	 * @param scanned the records read to make this page
	 */
	public record Page(String topic, List<DeadLetter> records, @Nullable String next, int scanned) {

	}

	/**
	 * @param topic the dead-letter topic
	 * @param to the topic the records were sent to
	 * @param dryRun whether nothing was sent
	 * @param redriven the records sent (or that would be)
	 * @param refused the records not sent, and why
	 * @param next the {@code page} to go on from, or {@code null} when all selected
	 * records were read
	 * @param scanned the records read
	 */
	public record Redrive(String topic, String to, boolean dryRun, List<Redriven> redriven, List<Refused> refused,
			@Nullable String next, int scanned) {

	}

	/**
	 * @param partition the dead letter's partition
	 * @param offset its offset
	 * @param key its key
	 * @param eventId its {@code ce_id}
	 * @param redrives the redrive count the sent record carries
	 */
	public record Redriven(int partition, long offset, @Nullable String key, @Nullable String eventId, int redrives) {

		static Redriven of(ConsumerRecord<byte[], byte[]> record) {
			DeadLetter letter = DeadLetter.of(record);
			return new Redriven(letter.partition(), letter.offset(), letter.key(), letter.eventId(),
					letter.redrives() + 1);
		}

	}

	/**
	 * @param partition the dead letter's partition
	 * @param offset its offset
	 * @param eventId its {@code ce_id}
	 * @param reason why it was not sent
	 */
	public record Refused(int partition, long offset, @Nullable String eventId, String reason) {

		static Refused of(ConsumerRecord<byte[], byte[]> record, String reason) {
			return new Refused(record.partition(), record.offset(), DeadLetter.of(record).eventId(), reason);
		}

	}

	/**
	 * An RFC 9457 problem as the actuator writes it.
	 *
	 * @param title what went wrong
	 * @param status the HTTP status
	 * @param detail this occurrence
	 */
	public record Problem(String title, int status, String detail) {

	}

}
