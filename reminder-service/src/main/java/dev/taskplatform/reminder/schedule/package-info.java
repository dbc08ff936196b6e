/**
 * Reminders: consumption of {@code task.created} and {@code task.completed}, the durable
 * schedule (a db-scheduler one-time task per reminder, in the service's own PostgreSQL),
 * the publication of {@code task.reminder.due}, and the read API.
 */
@NullMarked
package dev.taskplatform.reminder.schedule;

import org.jspecify.annotations.NullMarked;
