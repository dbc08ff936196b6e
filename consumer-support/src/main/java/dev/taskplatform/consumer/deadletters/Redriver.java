package dev.taskplatform.consumer.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Sends dead letters back to the topic they came from, as they were first published: the
 * same key (so the same partition as the task's other events, after them), value and
 * headers ({@code ce_*}, {@code traceparent}), without spring-kafka's {@code kafka_dlt-*}
 * headers, and with the redrive counted in {@link DeadLetter#REDRIVES_HEADER}. Every
 * consumer group of that topic gets the record again: the services that applied it
 * already recognise its {@code ce_id} and change nothing, so a redrive is safe to repeat.
 * A record redriven as often as allowed, or one whose headers name another topic than its
 * dead-letter topic's, is refused.
 */
final class Redriver {

	private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

	private final int maxRedrives;

	private final Duration keep;

	private final Clock clock;

	Redriver(int maxRedrives, Duration keep, Clock clock) {
		this.maxRedrives = maxRedrives;
		this.keep = keep;
		this.clock = clock;
	}

	/**
	 * What makes copies of one dead letter the same record: its {@code ce_id}, or,
	 * without one (a poison record), where it was first consumed from.
	 * @param record a dead letter
	 * @return its identity
	 */
	static String identity(ConsumerRecord<byte[], byte[]> record) {
		DeadLetter letter = DeadLetter.of(record);
		if (letter.eventId() != null) {
			return "id " + letter.eventId();
		}
		DeadLetter.Failure failure = letter.failure();
		return (failure.originalOffset() != null)
				? "at " + failure.originalTopic() + "-" + failure.originalPartition() + "@" + failure.originalOffset()
				: "dead letter " + record.partition() + "@" + record.offset();
	}

	/**
	 * Why a dead letter may not be redriven to a topic, if so.
	 * @param record the dead letter
	 * @param destination the topic its dead-letter topic belongs to
	 * @return the reason, or {@code null} when it may go
	 */
	@Nullable String refusal(ConsumerRecord<byte[], byte[]> record, String destination) {
		DeadLetter letter = DeadLetter.of(record);
		String named = letter.failure().originalTopic();
		if (named != null && !named.equals(destination)) {
			return "its headers say it came from " + named + ", not " + destination;
		}
		if (letter.redrives() >= this.maxRedrives) {
			return "redriven " + letter.redrives() + " times already (consumer.dead-letters.max-redrives is "
					+ this.maxRedrives + ")";
		}
		Instant published = (letter.failure().originalTime() != null) ? letter.failure().originalTime()
				: letter.deadLetteredAt();
		if (published.isBefore(this.clock.instant().minus(this.keep))) {
			return "published " + published + ", longer ago than consumer.retention.keep (" + this.keep
					+ "): a service that applied it may no longer recognise it and would apply it again";
		}
		return null;
	}

	/**
	 * The record a dead letter is redriven as.
	 * @param record the dead letter
	 * @param destination the topic it came from
	 * @return the record to send
	 */
	static ProducerRecord<byte[], byte[]> redriven(ConsumerRecord<byte[], byte[]> record, String destination) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!header.key().startsWith(DLT_HEADER_PREFIX) && !header.key().equals(DeadLetter.REDRIVES_HEADER)) {
				headers.add(header);
			}
		}
		headers.add(DeadLetter.REDRIVES_HEADER,
				Integer.toString(DeadLetter.redrives(record.headers()) + 1).getBytes(StandardCharsets.US_ASCII));
		// no partition (the key chooses it, as for the first send) and no timestamp (now:
		// the topic's retention counts from the redrive)
		return new ProducerRecord<>(destination, null, null, record.key(), record.value(), headers);
	}

	/**
	 * A producer of exact bytes for one redrive, with the service's Kafka settings and
	 * every wait bounded by the request's timeout.
	 */
	static final class Sender implements AutoCloseable {

		private final KafkaProducer<byte[], byte[]> producer;

		private final Duration timeout;

		private final List<Future<RecordMetadata>> sent = new ArrayList<>();

		private @Nullable String failure;

		Sender(Map<String, Object> producerProperties, Duration timeout) {
			Map<String, Object> properties = new HashMap<>(producerProperties);
			properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
			properties.put(ProducerConfig.ACKS_CONFIG, "all");
			properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			properties.put(ProducerConfig.CLIENT_ID_CONFIG,
					"deadletters-redrive-" + Long.toHexString(System.nanoTime()));
			// metadata, then each record's acknowledgement, within the request's time
			long millis = Math.max(2_000, timeout.toMillis());
			properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
			properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
			properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (millis / 2));
			properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) millis);
			this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
			this.timeout = Duration.ofMillis(millis);
		}

		void send(ProducerRecord<byte[], byte[]> record) {
			try {
				this.sent.add(this.producer.send(record));
			}
			catch (KafkaException ex) {
				// e.g. no metadata within max.block.ms: counted as not acknowledged
				this.sent.add(CompletableFuture.failedFuture(ex));
			}
		}

		/**
		 * Waits until the broker has acknowledged every record sent, or the timeout.
		 * @return how many it acknowledged
		 */
		int awaitAcknowledged() {
			long deadline = System.nanoTime() + this.timeout.toNanos();
			int acknowledged = 0;
			for (Future<RecordMetadata> future : this.sent) {
				try {
					future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					acknowledged++;
				}
				catch (ExecutionException ex) {
					this.failure = String.valueOf(ex.getCause());
				}
				catch (TimeoutException ex) {
					this.failure = "no acknowledgement within " + this.timeout;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.failure = "interrupted";
					break;
				}
			}
			return acknowledged;
		}

		/** Why a record was not acknowledged, if one was not. */
		@Nullable String failure() {
			return this.failure;
		}

		@Override
		public void close() {
			this.producer.close(Duration.ofSeconds(5));
		}

	}

}
