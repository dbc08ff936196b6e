package dev.taskplatform.notification.ledger;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of the notification ledger: what an event asked to notify and how it went.
 *
 * @param id the notification's id
 * @param eventId the {@code ce_id} of the event it is for (unique)
 * @param kind why the recipient is notified
 * @param taskId the task
 * @param channel how it was (or is being) delivered; {@code null} when skipped
 * @param recipient the assignee; {@code null} when skipped
 * @param status where delivery stands
 * @param attempts delivery attempts of the last delivery
 * @param lastError why the delivery failed, if it did
 * @param createdAt when the event was first recorded
 * @param sentAt when the delivery succeeded
 * @param nextAttemptAt when a PENDING delivery whose last attempt the receiver could not
 * take may be attempted again
 */
public record Notification(UUID id, String eventId, Kind kind, UUID taskId, @Nullable Channel channel,
		@Nullable String recipient, Status status, int attempts, @Nullable String lastError, Instant createdAt,
		@Nullable Instant sentAt, @Nullable Instant nextAttemptAt) {

	public enum Kind {

		/** A task was created with an assignee. */
		TASK_ASSIGNED,

		/** A task's reminder is due. */
		REMINDER

	}

	public enum Channel {

		WEBHOOK, LOG

	}

	public enum Status {

		/** Recorded, delivery under way or interrupted (then delivered again). */
		PENDING,

		SENT,

		/**
		 * The receiver refused it or retries ran out; the event is on its dead-letter
		 * topic, and replaying it from there delivers again.
		 */
		FAILED,

		/** Nobody to notify: the task has no assignee. */
		SKIPPED;

		/**
		 * Whether the event needs nothing more when it arrives again. A FAILED one does:
		 * it arrives again when an operator replays it from its dead-letter topic.
		 */
		public boolean isFinal() {
			return this == SENT || this == SKIPPED;
		}

	}

}
