package dev.taskplatform.notification.notification;

import java.util.ArrayList;
import java.util.List;

import dev.taskplatform.consumer.TransientFailures;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Consumes the events that notify someone a poll at a time, and hands them to the
 * {@link Notifier} as one batch. A batch that ends early is reported by the record it
 * ended at ({@link BatchListenerFailedException}): the error handler commits the offsets
 * before it and consumes it and the rest again. A poison record (unreadable, a
 * {@code SerializationException}) and a failed delivery (a {@code NotRetryableException})
 * go straight to their dead-letter topic alone, and consumption goes on after them; a
 * stop or a spent time budget leaves the record to be consumed again. A database outage
 * is blamed on the first record, so that the batch is retried for as long as it lasts
 * (the rows de-duplicate on event id).
 */
@Component
class NotificationListener {

	static final String ID = "notifications";

	private static final Logger logger = LoggerFactory.getLogger(NotificationListener.class);

	private final Notifier notifier;

	private final KafkaListenerEndpointRegistry registry;

	NotificationListener(Notifier notifier, KafkaListenerEndpointRegistry registry) {
		this.notifier = notifier;
		this.registry = registry;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = { Topics.TASK_CREATED, Topics.TASK_REMINDER_DUE })
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		try {
			notifyAll(records);
		}
		catch (Notifier.Incomplete ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new BatchListenerFailedException(ex.getMessage(), cause, records.get(ex.index()));
		}
		catch (RuntimeException ex) {
			if (ex instanceof BatchListenerFailedException) {
				throw ex;
			}
			if (TransientFailures.isTransient(ex)) {
				logger.warn("Database unavailable, a batch of {} records waits for it: {}", records.size(),
						ex.getMessage());
			}
			// blamed on the first record: it is retried with the error handler's back-off
			// (for as long as a database outage lasts), not the whole batch dead-lettered
			throw new BatchListenerFailedException(String.valueOf(ex.getMessage()), ex, 0);
		}
	}

	private void notifyAll(List<ConsumerRecord<String, byte[]>> records) {
		List<Notifier.Received> events = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			IncomingEvent event;
			try {
				event = IncomingEvent.read(record);
			}
			catch (SerializationException ex) {
				// the events before it are notified, it goes to its dead-letter topic
				this.notifier.notify(events, this::isStopping);
				throw new BatchListenerFailedException("unreadable event: " + ex.getMessage(), ex, record);
			}
			events.add(new Notifier.Received(event, CloudEventAttributes.header(record.headers(), "traceparent")));
		}
		this.notifier.notify(events, this::isStopping);
	}

	private boolean isStopping() {
		MessageListenerContainer container = this.registry.getListenerContainer(ID);
		return container != null && !container.isRunning();
	}

}
