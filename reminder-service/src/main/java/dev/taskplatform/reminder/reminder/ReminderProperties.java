package dev.taskplatform.reminder.reminder;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When reminders fire and how their publication is retried.
 *
 * @param lead how long before a task is due its reminder fires ({@code REMINDER_LEAD},
 * ISO-8601 like {@code PT1H} or {@code 90m})
 * @param sendTimeout how long a firing waits for Kafka to acknowledge the reminder
 * @param retry back-off of a firing whose publication failed
 */
@Validated
@ConfigurationProperties("reminder")
record ReminderProperties(@DefaultValue("PT1H") @NotNull @DurationMin(nanos = 0) Duration lead,
		@DefaultValue("15s") @NotNull @DurationMin(millis = 1) Duration sendTimeout,
		@DefaultValue @NotNull @Valid Retry retry) {

	/**
	 * Exponential back-off between attempts to publish a reminder, capped but without a
	 * limit on attempts: a reminder that cannot be published yet (Kafka away) goes out
	 * once it can, rather than being dropped.
	 *
	 * @param initialInterval pause after the first failure, doubled after each further
	 * one
	 * @param maxInterval longest pause
	 */
	record Retry(@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initialInterval,
			@DefaultValue("1m") @NotNull @DurationMin(millis = 1) Duration maxInterval) {

	}

}
