package dev.taskplatform.taskapi.task;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A task as stored and as the API shows it.
 *
 * @param id its id
 * @param title its title
 * @param description optional longer text
 * @param assignee optional e-mail address of the person it is for
 * @param dueAt optional moment it is due
 * @param status open or completed
 * @param createdAt when it was accepted
 * @param completedAt when it was completed, or {@code null}
 * @param createdBy the subject of the token that created it; {@code null} when the API
 * ran open
 * @param completedBy the subject of the token that completed it; {@code null} while open
 * or when the API ran open
 */
record Task(UUID id, String title, @Nullable String description, @Nullable String assignee, @Nullable Instant dueAt,
		TaskStatus status, Instant createdAt, @Nullable Instant completedAt, @Nullable String createdBy,
		@Nullable String completedBy) {

}
