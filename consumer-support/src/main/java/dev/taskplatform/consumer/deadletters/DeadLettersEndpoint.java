package dev.taskplatform.consumer.deadletters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/deadletters}: what this service dead-lettered, and sending it again.
 * <ul>
 * <li>{@code GET /actuator/deadletters}: the service's dead-letter topics, each with the
 * records it holds;</li>
 * <li>{@code GET /actuator/deadletters/{topic}}: a page of records with why each failed,
 * filtered by {@code partition}, {@code fromOffset}, {@code toOffset}, {@code taskId},
 * {@code since} and {@code until} (when dead-lettered, ISO-8601), {@code limit} per page;
 * {@code page} goes on where the previous answer's {@code next} says;</li>
 * <li>{@code GET /actuator/deadletters/{topic}/{partition}/{offset}}: one record in full
 * (value, stack trace);</li>
 * <li>{@code POST /actuator/deadletters/{topic}} with a JSON body of the same criteria
 * (at least one) and {@code dryRun}: redrives the selected records to the topic they came
 * from ({@link Redriver}).</li>
 * </ul>
 * Only this service's own dead-letter topics are known here; any other name is a 404. The
 * endpoint is exposed only where {@code management.endpoints.web.exposure.include} names
 * it, and redrive (a write) needs {@code management.endpoint.deadletters.access:
 * unrestricted} as well: the default access is read-only.
 */
@Endpoint(id = "deadletters", defaultAccess = Access.READ_ONLY)
public class DeadLettersEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(DeadLettersEndpoint.class);

	private static final int DEFAULT_PAGE = 50;

	private static final int LARGEST_PAGE = 500;

	private final DeadLetterTopics topics;

	private final Supplier<Map<String, Object>> consumerProperties;

	private final Supplier<Map<String, Object>> producerProperties;

	private final Settings settings;

	private final Redriver redriver;

	private final MeterRegistry meters;

	/**
	 * @param topics the service's dead-letter topics
	 * @param consumerProperties its Kafka consumer settings
	 * @param producerProperties its Kafka producer settings
	 * @param settings limits of a request
	 * @param meters where redrives are counted
	 */
	public DeadLettersEndpoint(DeadLetterTopics topics, Supplier<Map<String, Object>> consumerProperties,
			Supplier<Map<String, Object>> producerProperties, Settings settings, MeterRegistry meters) {
		this.topics = topics;
		this.consumerProperties = consumerProperties;
		this.producerProperties = producerProperties;
		this.settings = settings;
		this.redriver = new Redriver(settings.maxRedrives(), settings.keep(), settings.clock());
		this.meters = meters;
		topics.names().forEach(this::redrivenCounter);
	}

	/** The dead-letter topics and the records each holds now. */
	@ReadOperation
	public WebEndpointResponse<Object> topics() {
		return reading(() -> {
			try (DeadLetterReader reader = reader()) {
				List<TopicSummary> summaries = new ArrayList<>();
				for (String name : this.topics.names()) {
					Map<Integer, Long> counts = reader.counts(name);
					summaries.add(new TopicSummary(name, this.topics.originalOf(name).orElseThrow(),
							counts.values().stream().mapToLong(Long::longValue).sum(), counts));
				}
				return new WebEndpointResponse<>(new Topics(summaries));
			}
		});
	}

	/**
	 * A page of a dead-letter topic's records.
	 * @param topic the dead-letter topic
	 * @param partition only this partition
	 * @param fromOffset from this offset (with a partition)
	 * @param toOffset to this offset, included (with a partition)
	 * @param taskId only this task's records
	 * @param since dead-lettered at or after (ISO-8601)
	 * @param until dead-lettered before (ISO-8601)
	 * @param page where to go on: the previous answer's {@code next}
	 * @param limit records per page (50; at most 500)
	 * @return the page, or a problem
	 */
	@ReadOperation
	public WebEndpointResponse<Object> records(@Selector String topic, @Nullable Integer partition,
			@Nullable Long fromOffset, @Nullable Long toOffset, @Nullable String taskId, @Nullable String since,
			@Nullable String until, @Nullable String page, @Nullable Integer limit) {
		if (this.topics.originalOf(topic).isEmpty()) {
			return notOurs(topic);
		}
		Request request;
		try {
			request = Request.of(partition, fromOffset, toOffset, taskId, since, until, page);
		}
		catch (IllegalArgumentException ex) {
			return problem(400, "Bad selection", ex.getMessage());
		}
		int size = (limit != null) ? limit : DEFAULT_PAGE;
		if (size < 1 || size > LARGEST_PAGE) {
			return problem(400, "Bad selection", "limit must be between 1 and " + LARGEST_PAGE);
		}
		return reading(() -> {
			List<DeadLetter> records = new ArrayList<>();
			try (DeadLetterReader reader = reader()) {
				DeadLetterReader.Scan scan = reader.scan(topic, request.selection(), request.after(),
						this.settings.scanLimit(), (record) -> {
							records.add(DeadLetter.of(record));
							return records.size() < size;
						});
				return new WebEndpointResponse<>(
						new Page(topic, records, (scan.next() != null) ? scan.next().toString() : null, scan.read()));
			}
		});
	}

	/**
	 * One record in full.
	 * @param topic the dead-letter topic
	 * @param partition its partition
	 * @param offset its offset
	 * @return the record, or a 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> record(@Selector String topic, @Selector int partition, @Selector long offset) {
		if (this.topics.originalOf(topic).isEmpty()) {
			return notOurs(topic);
		}
		return reading(() -> {
			try (DeadLetterReader reader = reader()) {
				ConsumerRecord<byte[], byte[]> record = reader.one(topic, partition, offset);
				if (record == null) {
					return problem(404, "No such dead letter",
							topic + " holds no record at partition " + partition + ", offset " + offset);
				}
				return new WebEndpointResponse<>(DeadLetter.Detail.of(record));
			}
		});
	}

	/**
	 * Redrives the selected records of a dead-letter topic to the topic they came from.
	 * @param topic the dead-letter topic
	 * @param partition only this partition
	 * @param fromOffset from this offset (with a partition)
	 * @param toOffset to this offset, included (with a partition)
	 * @param taskId only this task's records
	 * @param since dead-lettered at or after (ISO-8601)
	 * @param until dead-lettered before (ISO-8601)
	 * @param page where to go on: the previous answer's {@code next}
	 * @param dryRun {@code true} to only show what would be sent
	 * @return what was (or would be) sent and what was refused, or a problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> redrive(@Selector String topic, @Nullable Integer partition,
			@Nullable Long fromOffset, @Nullable Long toOffset, @Nullable String taskId, @Nullable String since,
			@Nullable String until, @Nullable String page, @Nullable Boolean dryRun) {
		String destination = this.topics.originalOf(topic).orElse(null);
		if (destination == null) {
			return notOurs(topic);
		}
		Request request;
		try {
			request = Request.of(partition, fromOffset, toOffset, taskId, since, until, page);
		}
		catch (IllegalArgumentException ex) {
			return problem(400, "Bad selection", ex.getMessage());
		}
		if (!request.selection().choosesSome()) {
			return problem(400, "Bad selection", "say which records to redrive: a partition (and offsets), a taskId, "
					+ "or since (e.g. since=1970-01-01T00:00:00Z for all)");
		}
		boolean dry = Boolean.TRUE.equals(dryRun);
		return reading(() -> {
			// the newest copy of each dead letter: a record that failed again after a
			// redrive is in the topic twice, and its count is in the later copy
			Map<String, ConsumerRecord<byte[], byte[]>> newest = new LinkedHashMap<>();
			List<Refused> refused = new ArrayList<>();
			DeadLetterReader.Scan scan;
			try (DeadLetterReader reader = reader()) {
				scan = reader.scan(topic, request.selection(), request.after(), this.settings.scanLimit(), (record) -> {
					ConsumerRecord<byte[], byte[]> older = newest.remove(Redriver.identity(record));
					if (older != null) {
						refused.add(refusedOne(older, "a later copy of it (offset " + record.offset() + ") is chosen"));
					}
					newest.put(Redriver.identity(record), record);
					return true;
				});
			}
			List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
			for (ConsumerRecord<byte[], byte[]> record : newest.values()) {
				String refusal = this.redriver.refusal(record, destination);
				if (refusal != null) {
					refused.add(refusedOne(record, refusal));
				}
				else {
					chosen.add(record);
				}
			}
			List<Redriven> sent = chosen.stream().map(Redriven::of).toList();
			String next = (scan.next() != null) ? scan.next().toString() : null;
			if (dry) {
				return new WebEndpointResponse<>(
						new Redrive(topic, destination, true, sent, refused, next, scan.read()));
			}
			try (Redriver.Sender sender = new Redriver.Sender(this.producerProperties.get(), this.settings.timeout())) {
				chosen.forEach((record) -> sender.send(Redriver.redriven(record, destination)));
				int acknowledged = sender.awaitAcknowledged();
				redrivenCounter(topic).increment(acknowledged);
				if (acknowledged < chosen.size()) {
					logger.warn("Redrive of {} to {}: Kafka acknowledged {} of {} record(s): {}", topic, destination,
							acknowledged, chosen.size(), sender.failure());
					return problem(503, "Redrive incomplete",
							"Kafka acknowledged " + acknowledged + " of the " + chosen.size() + " records ("
									+ sender.failure()
									+ "). Redriving them again is safe: consumers recognise what they applied.");
				}
			}
			logger.info("Redrove {} record(s) of {} to {} ({} refused)", sent.size(), topic, destination,
					refused.size());
			return new WebEndpointResponse<>(new Redrive(topic, destination, false, sent, refused, next, scan.read()));
		});
	}

	private static Refused refusedOne(ConsumerRecord<byte[], byte[]> record, String reason) {
		return new Refused(record.partition(), record.offset(), DeadLetter.of(record).eventId(), reason);
	}

	private Counter redrivenCounter(String topic) {
		return Counter.builder("deadletters.redriven")
			.description("Dead-lettered records sent again to the topic they came from")
			.tag("topic", topic)
			.register(this.meters);
	}

	private DeadLetterReader reader() {
		return new DeadLetterReader(this.consumerProperties.get(), this.settings.timeout());
	}

	private WebEndpointResponse<Object> reading(Supplier<WebEndpointResponse<Object>> work) {
		try {
			return work.get();
		}
		catch (KafkaException ex) {
			// e.g. org.apache.kafka.common.errors.TimeoutException
			logger.warn("Dead letters: Kafka did not answer: {}", ex.getMessage());
			return problem(503, "Kafka unavailable", "Kafka did not answer in time: " + ex.getMessage());
		}
	}

	private WebEndpointResponse<Object> notOurs(String topic) {
		return problem(404, "Not a dead-letter topic of this service", topic + " is not one of " + this.topics.names());
	}

	private static WebEndpointResponse<Object> problem(int status, String title, @Nullable String detail) {
		return new WebEndpointResponse<>(new Problem(title, status, String.valueOf(detail)), status);
	}

	/**
	 * Limits of a request.
	 *
	 * @param maxRedrives redrives of one record before a further one is refused
	 * @param scanLimit records read by one request at most; the answer's {@code next}
	 * goes on from there
	 * @param timeout how long a request may wait on Kafka
	 * @param keep how long the services recognise an event they applied
	 * ({@code consumer.retention.keep}): an older dead letter is not redriven
	 * @param clock the time
	 */
	public record Settings(int maxRedrives, int scanLimit, Duration timeout, Duration keep, Clock clock) {

	}

	private record Request(Selection selection, @Nullable Position after) {

		static Request of(@Nullable Integer partition, @Nullable Long fromOffset, @Nullable Long toOffset,
				@Nullable String taskId, @Nullable String since, @Nullable String until, @Nullable String page) {
			Selection selection = new Selection(partition, fromOffset, toOffset, blankToNull(taskId),
					time("since", since), time("until", until));
			String problem = selection.problem();
			if (problem != null) {
				throw new IllegalArgumentException(problem);
			}
			return new Request(selection, (page != null && !page.isBlank()) ? Position.parse(page.strip()) : null);
		}

		private static @Nullable Instant time(String name, @Nullable String text) {
			if (text == null || text.isBlank()) {
				return null;
			}
			try {
				return Instant.parse(text.strip());
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(name + " must be an ISO-8601 instant, e.g. 2026-12-01T10:00:00Z");
			}
		}

		private static @Nullable String blankToNull(@Nullable String text) {
			return (text == null || text.isBlank()) ? null : text.strip();
		}

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
