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

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * The {@link DefaultErrorHandler}, except for a batch that ended at a record that must
 * wait ({@link RetryLater}): the offsets before that record are committed, every
 * partition of the batch is sought back to its first record not done, and the record's
 * partition is paused until it may be tried again, then resumed. The listener thread
 * polls on at once, receiving nothing from the paused partition meanwhile. Such a record
 * is not handed to the failure tracker: waiting is not a failure, and the tracker's state
 * (which keeps the back-off of a record's first failure while the exception's class stays
 * the same) would otherwise decide how a later failure of it is retried.
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
		if (!deferred(thrownException, data, consumer, container)) {
			super.handleBatch(thrownException, data, consumer, container, invokeListener);
		}
	}

	@Override
	public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(Exception thrownException,
			ConsumerRecords<?, ?> data, Consumer<?, ?> consumer, MessageListenerContainer container,
			Runnable invokeListener) {
		if (deferred(thrownException, data, consumer, container)) {
			return ConsumerRecords.empty();
		}
		return super.handleBatchAndReturnRemaining(thrownException, data, consumer, container, invokeListener);
	}

	private boolean deferred(Exception thrown, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container) {
		BatchListenerFailedException failed = find(thrown, BatchListenerFailedException.class);
		RetryLater retryLater = find(failed, RetryLater.class);
		if (failed == null || retryLater == null || failed.getIndex() < 0) {
			return false;
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
			return false;
		}
		if (!done.isEmpty()) {
			consumer.commitSync(done, container.getContainerProperties().getSyncCommitTimeout());
		}
		notDone.forEach(consumer::seek);
		TopicPartition partition = new TopicPartition(waiting.topic(), waiting.partition());
		long delay = Math.max(0, Duration.between(this.clock.instant(), retryLater.notBefore()).toMillis());
		logger.info("{}: partition {} paused for {} ms at offset {}", retryLater.getMessage(), partition, delay,
				waiting.offset());
		container.pausePartition(partition);
		CompletableFuture.runAsync(() -> resume(container, partition),
				CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
		return true;
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
