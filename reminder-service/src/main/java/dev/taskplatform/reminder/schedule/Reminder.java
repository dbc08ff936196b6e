package dev.taskplatform.reminder.schedule;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One task's reminder as stored. A task has at most one.
 *
 * @param id the reminder's id
 * @param taskId the task
 * @param title the task's title; {@code null} only for a reminder cancelled before its
 * task's creation was seen
 * @param assignee the person to remind, if the task has one
 * @param dueAt when the task is due, if known
 * @param remindAt when the reminder fires (or fired); {@code null} if it never will
 * @param status where it stands
 * @param sentAt when {@code task.reminder.due} was acknowledged by Kafka
 */
record Reminder(UUID id, UUID taskId, @Nullable String title, @Nullable String assignee, @Nullable Instant dueAt,
		@Nullable Instant remindAt, Status status, @Nullable Instant sentAt) {

	enum Status {

		/** Waiting for its moment in the durable schedule. */
		SCHEDULED,

		/** Published to {@code task.reminder.due}. */
		SENT,

		/** The task was completed first; nothing is or will be published. */
		CANCELLED,

		/** The task has no due date or was already due: no reminder. */
		SKIPPED

	}

}
