package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A task was accepted. Version 2 of {@code task.created}: version 1 and who created the
 * task. A version 1 event reads as one whose creator is not known ({@code null}).
 *
 * @param taskId the task's id
 * @param title the task's title
 * @param description an optional longer text
 * @param assignee an optional e-mail address of the person the task is for
 * @param dueAt an optional moment the task is due
 * @param createdAt when the task was accepted
 * @param createdBy the subject of the access token that created the task; {@code null}
 * when the API ran open (no authentication) or the event is of version 1
 */
public record TaskCreated(UUID taskId, String title, @Nullable String description, @Nullable String assignee,
		@Nullable Instant dueAt, Instant createdAt, @Nullable String createdBy) implements TaskEvent {

	public TaskCreated {
		RequiredFields.check("taskId", taskId);
		RequiredFields.check("title", title);
		RequiredFields.check("createdAt", createdAt);
	}

	/**
	 * A task created by nobody known (the API ran open).
	 * @param taskId the task's id
	 * @param title the task's title
	 * @param description an optional longer text
	 * @param assignee an optional e-mail address
	 * @param dueAt an optional due moment
	 * @param createdAt when the task was accepted
	 */
	public TaskCreated(UUID taskId, String title, @Nullable String description, @Nullable String assignee,
			@Nullable Instant dueAt, Instant createdAt) {
		this(taskId, title, description, assignee, dueAt, createdAt, null);
	}

}
