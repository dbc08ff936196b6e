package dev.taskplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A task was completed. Version 1 of {@code task.completed}.
 *
 * @param taskId the task's id
 * @param completedAt when the task was completed
 */
public record TaskCompleted(UUID taskId, Instant completedAt) implements TaskEvent {

	public TaskCompleted {
		RequiredFields.check("taskId", taskId);
		RequiredFields.check("completedAt", completedAt);
	}

}
