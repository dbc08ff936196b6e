package dev.taskplatform.consumer.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

	Redriver(int maxRedrives) {
		this.maxRedrives = maxRedrives;
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
	 * A producer of exact bytes for one redrive, with the service's Kafka settings.
	 */
	static final class Sender implements AutoCloseable {

		private final KafkaProducer<byte[], byte[]> producer;

		private final List<Future<RecordMetadata>> sent = new ArrayList<>();

		Sender(Map<String, Object> producerProperties) {
			Map<String, Object> properties = new HashMap<>(producerProperties);
			properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
			properties.put(ProducerConfig.ACKS_CONFIG, "all");
			properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			properties.put(ProducerConfig.CLIENT_ID_CONFIG,
					"deadletters-redrive-" + Long.toHexString(System.nanoTime()));
			this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
		}

		void send(ProducerRecord<byte[], byte[]> record) {
			this.sent.add(this.producer.send(record));
		}

		/**
		 * Waits until the broker has every record sent.
		 * @param timeoutMillis the longest wait
		 * @throws KafkaException when one was not acknowledged
		 */
		void awaitAcknowledged(long timeoutMillis) {
			this.producer.flush();
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
			for (Future<RecordMetadata> future : this.sent) {
				try {
					future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (ExecutionException | TimeoutException ex) {
					throw new KafkaException("Kafka did not acknowledge a redriven record: " + ex.getMessage(), ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new KafkaException("Interrupted while redriving", ex);
				}
			}
		}

		@Override
		public void close() {
			this.producer.close();
		}

	}

}
