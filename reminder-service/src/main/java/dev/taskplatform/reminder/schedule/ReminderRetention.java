package dev.taskplatform.reminder.schedule;

import dev.taskplatform.consumer.Retained;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What reminder-service keeps only for {@code consumer.retention.keep} (14 days by
 * default, longer than the topics' retention): the processed event ids, and the finished
 * reminders (SENT, CANCELLED, SKIPPED; a CANCELLED one is what stops a creation seen
 * after its completion from scheduling). Scheduled reminders stay, however old.
 */
@Configuration(proxyBeanMethods = false)
class ReminderRetention {

	@Bean
	Retained processedEvents() {
		return new Retained("processed_events", "processed_at", "TRUE");
	}

	@Bean
	Retained finishedReminders() {
		return new Retained("reminders", "created_at", "status IN ('SENT', 'CANCELLED', 'SKIPPED')");
	}

}
