package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A task was completed. Version 2 of {@code task.completed}: version 1 and who completed
 * the task. A version 1 event reads as one whose completer is not known ({@code null}).
 *
 * @param taskId the task's id
 * @param completedAt when the task was completed
 * @param completedBy the subject of the access token that completed the task;
 * {@code null} when the API ran open (no authentication) or the event is of version 1
 */
public record TaskCompleted(UUID taskId, Instant completedAt, @Nullable String completedBy) implements TaskEvent {

	public TaskCompleted {
		RequiredFields.check("taskId", taskId);
		RequiredFields.check("completedAt", completedAt);
	}

	/**
	 * A task completed by nobody known (the API ran open).
	 * @param taskId the task's id
	 * @param completedAt when the task was completed
	 */
	public TaskCompleted(UUID taskId, Instant completedAt) {
		this(taskId, completedAt, null);
	}

}
