package dev.taskplatform.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * The {@link DefaultErrorHandler}, except for a batch that ended at a record that must
 * wait ({@link RetryLater}): the offsets before that record are committed (and nothing
 * after it), every partition of the batch is sought back to its first record not done,
 * and the record's partition is paused until it may be tried again, then resumed. The
 * listener thread polls on at once, receiving nothing from the paused partition
 * meanwhile. Such a record is not handed to the failure tracker: waiting is not a
 * failure, and the tracker's state (which keeps the back-off of a record's first failure
 * while the exception's class stays the same) would otherwise decide how a later failure
 * of it is retried.
 */
class PausingErrorHandler extends DefaultErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(PausingErrorHandler.class);

	private final Clock clock;

	PausingErrorHandler(ConsumerRecordRecoverer recoverer, BackOff backOff, Clock clock) {
		super(recoverer, backOff);
		this.clock = clock;
	}

	@Override
	public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container, Runnable invokeListener) {
		deferIfRetryLater(thrownException, data, consumer, container);
		super.handleBatch(thrownException, data, consumer, container, invokeListener);
	}

	@Override
	public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(Exception thrownException,
			ConsumerRecords<?, ?> data, Consumer<?, ?> consumer, MessageListenerContainer container,
			Runnable invokeListener) {
		deferIfRetryLater(thrownException, data, consumer, container);
		return super.handleBatchAndReturnRemaining(thrownException, data, consumer, container, invokeListener);
	}

	/**
	 * Commits, seeks and pauses for a record that must wait, then throws, as the
	 * {@code FailedBatchProcessor} does after its seeks: had the handler returned, the
	 * container would acknowledge the whole batch after it ({@code ackAfterHandle}),
	 * committing past the waiting record, and a restart or rebalance during the pause
	 * would skip it.
	 */
	private void deferIfRetryLater(Exception thrown, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container) {
		BatchListenerFailedException failed = find(thrown, BatchListenerFailedException.class);
		RetryLater retryLater = find(failed, RetryLater.class);
		if (failed == null || retryLater == null || failed.getIndex() < 0) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
		Map<TopicPartition, Long> notDone = new LinkedHashMap<>();
		ConsumerRecord<?, ?> waiting = null;
		int index = 0;
		for (ConsumerRecord<?, ?> record : data) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (index < failed.getIndex()) {
				done.put(partition, new OffsetAndMetadata(record.offset() + 1));
			}
			else {
				notDone.putIfAbsent(partition, record.offset());
				if (index == failed.getIndex()) {
					waiting = record;
				}
			}
			index++;
		}
		if (waiting == null) {
			return;
		}
		if (!done.isEmpty()) {
			consumer.commitSync(done, container.getContainerProperties().getSyncCommitTimeout());
		}
		notDone.forEach(consumer::seek);
		TopicPartition partition = new TopicPartition(waiting.topic(), waiting.partition());
		// rounded up: resumed no earlier than the record may be tried
		long delay = Math.max(0,
				(Duration.between(this.clock.instant(), retryLater.notBefore()).toNanos() + 999_999) / 1_000_000);
		logger.info("{}: partition {} paused for {} ms at offset {}", retryLater.getMessage(), partition, delay,
				waiting.offset());
		container.pausePartition(partition);
		CompletableFuture.runAsync(() -> resume(container, partition),
				CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
		throw new KafkaException(retryLater.getMessage() + ": partition " + partition + " paused",
				KafkaException.Level.DEBUG, thrown);
	}

	/**
	 * Resumes the partition in every consumer of the container: after a rebalance the one
	 * that paused it may no longer own it, and must not keep it paused if it gets it
	 * back.
	 */
	private static void resume(MessageListenerContainer container, TopicPartition partition) {
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			concurrent.getContainers().forEach((child) -> child.resumePartition(partition));
		}
		else {
			container.resumePartition(partition);
		}
	}

	private static <T extends Throwable> @Nullable T find(@Nullable Throwable failure, Class<T> type) {
		Throwable cause = failure;
		while (cause != null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return null;
	}

}
