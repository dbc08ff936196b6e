package dev.taskplatform.consumer.deadletters;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Page;
import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.TopicSummary;
import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Topics;

import static dev.taskplatform.consumer.deadletters.DeadLetterAnswers.problem;

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
 * from ({@link Redrives}).</li>
 * </ul>
 * Only this service's own dead-letter topics are known here; any other name is a 404. The
 * criteria are parsed by {@link ScanRequest}, and the answers are
 * {@link DeadLetterAnswers}. The endpoint is exposed only where
 * {@code management.endpoints.web.exposure.include} names it, and redrive (a write) needs
 * {@code management.endpoint.deadletters.access: unrestricted} as well: the default
 * access is read-only.
 * <p>
 * (Over 200 lines: the four operations as the actuator maps them, each with its
 * parameters documented; the work beyond checking a request and answering is in the types
 * above.)
 */
@Endpoint(id = "deadletters", defaultAccess = Access.READ_ONLY)
public class DeadLettersEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(DeadLettersEndpoint.class);

	private final DeadLetterTopics topics;

	private final Supplier<DeadLetterReader> readers;

	private final Settings settings;

	private final Redrives redrives;

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
		this.readers = () -> new DeadLetterReader(consumerProperties.get(), settings.timeout());
		this.settings = settings;
		this.redrives = new Redrives(this.readers, producerProperties, settings, meters);
		topics.names().forEach(this.redrives::counter);
	}

	/** The dead-letter topics and the records each holds now. */
	@ReadOperation
	public WebEndpointResponse<Object> topics() {
		return reading(() -> {
			try (DeadLetterReader reader = this.readers.get()) {
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
		ScanRequest request;
		int size;
		try {
			request = ScanRequest.of(partition, fromOffset, toOffset, taskId, since, until, page);
			size = ScanRequest.pageSize(limit);
		}
		catch (IllegalArgumentException ex) {
			return problem(400, "Bad selection", ex.getMessage());
		}
		return reading(() -> {
			List<DeadLetter> records = new ArrayList<>();
			try (DeadLetterReader reader = this.readers.get()) {
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
			try (DeadLetterReader reader = this.readers.get()) {
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
		ScanRequest request;
		try {
			request = ScanRequest.of(partition, fromOffset, toOffset, taskId, since, until, page).choosingSome();
		}
		catch (IllegalArgumentException ex) {
			return problem(400, "Bad selection", ex.getMessage());
		}
		boolean dry = Boolean.TRUE.equals(dryRun);
		return reading(() -> this.redrives.redrive(topic, destination, request, dry));
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

}
