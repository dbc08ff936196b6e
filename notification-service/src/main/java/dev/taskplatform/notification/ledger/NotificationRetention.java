package dev.taskplatform.notification.ledger;

import dev.taskplatform.consumer.Retained;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What notification-service keeps only for {@code consumer.retention.keep} (14 days by
 * default, longer than the topics' retention): the notifications in a final state (SENT,
 * SKIPPED, FAILED), which recognise a redelivered event. PENDING ones stay, however old.
 * A FAILED event replayed from its dead-letter topic after that is delivered as a new
 * one, which is what a replay asks for.
 */
@Configuration(proxyBeanMethods = false)
class NotificationRetention {

	@Bean
	Retained finishedNotifications() {
		return new Retained("notifications", "created_at", "status IN ('SENT', 'SKIPPED', 'FAILED')");
	}

}
