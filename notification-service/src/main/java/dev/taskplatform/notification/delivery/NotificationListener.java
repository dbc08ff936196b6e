package dev.taskplatform.notification.delivery;

import java.util.List;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.ConsumedTopics;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Consumes the events that notify someone a poll at a time, and hands them to the
 * {@link Notifier} as one batch. Where a batch ends early is reported the way every
 * consumer reports it ({@link Batches}): the offsets before that record are committed, it
 * and the rest are consumed again. A poison record (unreadable, or an event this service
 * cannot record) and a failed delivery go straight to their dead-letter topic alone; a
 * stop or a spent time budget leaves the record to be consumed again; a database outage
 * is retried for as long as it lasts (the rows de-duplicate on event id).
 */
@Component
class NotificationListener {

	static final String ID = "notifications";

	private final Notifier notifier;

	private final KafkaListenerEndpointRegistry registry;

	NotificationListener(Notifier notifier, KafkaListenerEndpointRegistry registry) {
		this.notifier = notifier;
		this.registry = registry;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = ConsumedTopics.LISTENER_TOPICS)
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		Batches.consume(records,
				(record) -> ReceivedEvent.of(IncomingEvent.read(record),
						CloudEventAttributes.header(record.headers(), "traceparent")),
				(events) -> this.notifier.notify(events, this::isStopping));
	}

	private boolean isStopping() {
		MessageListenerContainer container = this.registry.getListenerContainer(ID);
		return container != null && !container.isRunning();
	}

}
