package dev.taskplatform.consumer.deadletters;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Redrive;
import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Redriven;
import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Refused;

/**
 * Carries out the redrives of {@link DeadLettersEndpoint}: scans the selected dead
 * letters, chooses what to send ({@link RedriveChoice}), and, unless it is a dry run,
 * sends it to the topic it came from and waits for Kafka's acknowledgements. What Kafka
 * acknowledged is counted in {@code deadletters.redriven}, per dead-letter topic.
 */
final class Redrives {

	// the endpoint's logger: what redrives log is the endpoint's, as operators know it
	private static final Logger logger = LoggerFactory.getLogger(DeadLettersEndpoint.class);

	private final Supplier<DeadLetterReader> readers;

	private final Supplier<Map<String, Object>> producerProperties;

	private final DeadLettersEndpoint.Settings settings;

	private final Redriver redriver;

	private final MeterRegistry meters;

	/**
	 * @param readers a reader for each redrive
	 * @param producerProperties the service's Kafka producer settings
	 * @param settings limits of a request
	 * @param meters where redrives are counted
	 */
	Redrives(Supplier<DeadLetterReader> readers, Supplier<Map<String, Object>> producerProperties,
			DeadLettersEndpoint.Settings settings, MeterRegistry meters) {
		this.readers = readers;
		this.producerProperties = producerProperties;
		this.settings = settings;
		this.redriver = new Redriver(settings.maxRedrives(), settings.keep(), settings.clock());
		this.meters = meters;
	}

	/**
	 * Redrives the selected records of a dead-letter topic.
	 * @param topic the dead-letter topic
	 * @param destination the topic its records came from
	 * @param request which records, choosing some
	 * @param dry {@code true} to only show what would be sent
	 * @return what was (or would be) sent and what was refused, or a 503 when Kafka did
	 * not acknowledge them all
	 */
	WebEndpointResponse<Object> redrive(String topic, String destination, ScanRequest request, boolean dry) {
		RedriveChoice choice = new RedriveChoice();
		DeadLetterReader.Scan scan;
		try (DeadLetterReader reader = this.readers.get()) {
			scan = reader.scan(topic, request.selection(), request.after(), this.settings.scanLimit(), choice::take);
		}
		List<ConsumerRecord<byte[], byte[]>> chosen = choice.chosen(this.redriver, destination);
		List<Refused> refused = choice.refused();
		List<Redriven> sent = chosen.stream().map(Redriven::of).toList();
		String next = (scan.next() != null) ? scan.next().toString() : null;
		if (dry) {
			return new WebEndpointResponse<>(new Redrive(topic, destination, true, sent, refused, next, scan.read()));
		}
		try (Redriver.Sender sender = new Redriver.Sender(this.producerProperties.get(), this.settings.timeout())) {
			chosen.forEach((record) -> sender.send(Redriver.redriven(record, destination)));
			int acknowledged = sender.awaitAcknowledged();
			counter(topic).increment(acknowledged);
			if (acknowledged < chosen.size()) {
				logger.warn("Redrive of {} to {}: Kafka acknowledged {} of {} record(s): {}", topic, destination,
						acknowledged, chosen.size(), sender.failure());
				return DeadLetterAnswers.problem(503, "Redrive incomplete",
						"Kafka acknowledged " + acknowledged + " of the " + chosen.size() + " records ("
								+ sender.failure()
								+ "). Redriving them again is safe: consumers recognise what they applied.");
			}
		}
		logger.info("Redrove {} record(s) of {} to {} ({} refused)", sent.size(), topic, destination, refused.size());
		return new WebEndpointResponse<>(new Redrive(topic, destination, false, sent, refused, next, scan.read()));
	}

	/**
	 * The count of a dead-letter topic's records that Kafka acknowledged as redriven,
	 * registered on first use.
	 * @param topic the dead-letter topic
	 * @return its counter
	 */
	Counter counter(String topic) {
		return Counter.builder("deadletters.redriven")
			.description("Dead-lettered records sent again to the topic they came from")
			.tag("topic", topic)
			.register(this.meters);
	}

}
