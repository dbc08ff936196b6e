/**
 * reminder-service: schedules a durable reminder before each task is due and publishes
 * {@code task.reminder.due} when it fires. Feature packages: {@code schedule} (the
 * reminders, their db-scheduler task, the Kafka listener and the read API). Retries, dead
 * letters, listener health and event metrics come from consumer-support.
 */
@NullMarked
package dev.taskplatform.reminder;

import org.jspecify.annotations.NullMarked;
