package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A task's reminder is due. Version 1 of {@code task.reminder.due}.
 *
 * @param taskId the task's id
 * @param title the task's title
 * @param assignee the e-mail address of the person to remind, if the task has one
 * @param dueAt when the task is due
 * @param remindAt when the reminder was scheduled to fire
 */
public record ReminderDue(UUID taskId, String title, @Nullable String assignee, Instant dueAt,
		Instant remindAt) implements TaskEvent {

	public ReminderDue {
		RequiredFields.check("taskId", taskId);
		RequiredFields.check("title", title);
		RequiredFields.check("dueAt", dueAt);
		RequiredFields.check("remindAt", remindAt);
	}

}
