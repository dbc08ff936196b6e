package dev.taskplatform.reminder.schedule;

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
 * @param settle how long a reminder that is already due when its task's creation is
 * consumed waits before it fires, at least: the task's completion, if it was waiting in
 * task-api's outbox right behind the creation, reaches Kafka meanwhile and cancels it
 * @param maxSettle how long, at most, such a reminder waits after its creation's record
 * was published when the creation had waited to be published (in task-api's outbox,
 * during a Kafka outage): it waits as long again as the creation waited ({@code ce_time}
 * to the record's timestamp), the time the rest of the backlog, its completion included,
 * takes to follow
 * @param sendTimeout how long a firing waits for Kafka to acknowledge the reminder
 * @param retry back-off of a firing whose publication failed
 * @param horizon how a firing waits for {@code task.completed} to be applied up to the
 * moment it became due ({@link CompletionHorizon})
 */
@Validated
@ConfigurationProperties("reminder")
record ReminderProperties(@DefaultValue("PT1H") @NotNull @DurationMin(nanos = 0) Duration lead,
		@DefaultValue("2s") @NotNull @DurationMin(nanos = 0) Duration settle,
		@DefaultValue("5m") @NotNull @DurationMin(nanos = 0) Duration maxSettle,
		@DefaultValue("15s") @NotNull @DurationMin(millis = 1) Duration sendTimeout,
		@DefaultValue @NotNull @Valid Retry retry, @DefaultValue @NotNull @Valid Horizon horizon) {

	/**
	 * @param interval how often the end offsets of {@code task.completed} and the group's
	 * committed offsets are read
	 * @param maxWait how long a firing waits for the horizon before it goes back to the
	 * schedule, at the same time, to wait again
	 */
	record Horizon(@DefaultValue("200ms") @NotNull @DurationMin(millis = 10) Duration interval,
			@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration maxWait) {

	}

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
