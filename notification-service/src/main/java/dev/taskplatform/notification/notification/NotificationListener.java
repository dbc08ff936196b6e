package dev.taskplatform.notification.notification;

import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the events that notify someone, one record at a time: each may wait on a
 * webhook. A poison record (unreadable) fails with a {@code SerializationException} and a
 * failed delivery with a {@code NotRetryableException}: either goes straight to its
 * dead-letter topic and consumption goes on.
 */
@Component
class NotificationListener {

	private final Notifier notifier;

	NotificationListener(Notifier notifier) {
		this.notifier = notifier;
	}

	@KafkaListener(id = "notifications", idIsGroup = false, topics = { Topics.TASK_CREATED, Topics.TASK_REMINDER_DUE })
	void onEvent(ConsumerRecord<String, byte[]> record) {
		this.notifier.notify(IncomingEvent.read(record));
	}

}
