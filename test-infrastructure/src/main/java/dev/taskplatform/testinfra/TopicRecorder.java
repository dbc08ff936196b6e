package dev.taskplatform.testinfra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every record of some topics, from their beginning, on a thread of its own, so a
 * test can wait (with Awaitility) for what it expects to appear. A plain Kafka consumer:
 * what it sees is what any consumer of the topics would see.
 */
public final class TopicRecorder implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TopicRecorder.class);

	private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();

	private final KafkaConsumer<String, byte[]> consumer;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final CountDownLatch assigned = new CountDownLatch(1);

	private final Thread thread;

	private TopicRecorder(String bootstrapServers, Collection<String> topics) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"topic-recorder-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.copyOf(topics));
		this.thread = new Thread(this::pollLoop, "topic-recorder-" + String.join(",", topics));
		this.thread.setDaemon(true);
	}

	/**
	 * Starts recording the given topics from their beginning. The topics should exist.
	 * @param bootstrapServers where the cluster is
	 * @param topics the topics to record
	 * @return the running recorder
	 */
	public static TopicRecorder start(String bootstrapServers, String... topics) {
		TopicRecorder recorder = new TopicRecorder(bootstrapServers, List.of(topics));
		recorder.thread.start();
		return recorder;
	}

	private void pollLoop() {
		try {
			while (this.running.get()) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					this.records.add(record);
				}
				if (!this.consumer.assignment().isEmpty()) {
					this.assigned.countDown();
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			logger.error("Topic recorder stopped", ex);
		}
		finally {
			this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
		}
	}

	/**
	 * Waits until the recorder has its partitions.
	 * @param timeout how long to wait
	 * @return this recorder
	 */
	public TopicRecorder awaitAssignment(Duration timeout) {
		try {
			if (!this.assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("no partitions assigned within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return this;
	}

	/** Everything recorded so far, in the order received. */
	public List<ConsumerRecord<String, byte[]>> records() {
		return List.copyOf(this.records);
	}

	/**
	 * The records of one topic with one key, in the order received.
	 * @param topic the topic
	 * @param key the key
	 * @return the records
	 */
	public List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
		return this.records.stream()
			.filter((record) -> record.topic().equals(topic) && key.equals(record.key()))
			.toList();
	}

	/**
	 * The keys of the records of one topic, in the order received (a key twice if its
	 * record came twice).
	 * @param topic the topic
	 * @return the keys
	 */
	public List<String> keys(String topic) {
		return this.records.stream().filter((record) -> record.topic().equals(topic)).map(ConsumerRecord::key).toList();
	}

	@Override
	public void close() {
		this.running.set(false);
		this.consumer.wakeup();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
