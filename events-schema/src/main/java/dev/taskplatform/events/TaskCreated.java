package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A task was accepted. Version 1 of {@code task.created}.
 *
 * @param taskId the task's id
 * @param title the task's title
 * @param description an optional longer text
 * @param assignee an optional e-mail address of the person the task is for
 * @param dueAt an optional moment the task is due
 * @param createdAt when the task was accepted
 */
public record TaskCreated(UUID taskId, String title, @Nullable String description, @Nullable String assignee,
		@Nullable Instant dueAt, Instant createdAt) implements TaskEvent {

	public TaskCreated {
		RequiredFields.check("taskId", taskId);
		RequiredFields.check("title", title);
		RequiredFields.check("createdAt", createdAt);
	}

}
