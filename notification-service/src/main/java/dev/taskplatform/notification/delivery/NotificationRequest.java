package dev.taskplatform.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.notification.ledger.Notification;
import org.jspecify.annotations.Nullable;

/**
 * What an event asks for: whom to notify about which task, and why. It gives the row the
 * event is recorded as in the ledger.
 *
 * @param kind why the assignee is notified
 * @param taskId the task
 * @param title the task's title
 * @param assignee whom to notify; {@code null} when the task has no assignee
 * @param dueAt when the task is due, if it has a due date
 */
record NotificationRequest(Notification.Kind kind, UUID taskId, String title, @Nullable String assignee,
		@Nullable Instant dueAt) {

	/**
	 * Reads what an event asks for.
	 * @param incoming the event
	 * @return its request
	 * @throws NotRetryableException for an event this service does not handle or cannot
	 * record
	 */
	static NotificationRequest of(IncomingEvent incoming) {
		NotificationRequest request = switch (incoming.event()) {
			case TaskCreated created -> new NotificationRequest(Notification.Kind.TASK_ASSIGNED, created.taskId(),
					created.title(), blankToNull(created.assignee()), created.dueAt());
			case ReminderDue due -> new NotificationRequest(Notification.Kind.REMINDER, due.taskId(), due.title(),
					blankToNull(due.assignee()), due.dueAt());
			default -> throw new NotRetryableException(
					"notification-service does not handle " + incoming.attributes().type() + " events");
		};
		// text columns cannot hold U+0000: such an event could never be recorded, and
		// it would fail the whole batch's insert
		if (hasNul(incoming.attributes().id()) || hasNul(request.assignee())) {
			throw new NotRetryableException(
					"Event " + incoming.attributes().id().replace('\0', '?') + ": its id or assignee contains U+0000");
		}
		return request;
	}

	/**
	 * The row to record the event as: PENDING on the given channel, or SKIPPED when there
	 * is nobody to notify.
	 * @param incoming the event
	 * @param channel the channel that delivers it
	 * @param now when it is recorded
	 * @return the row to insert
	 */
	Notification candidate(IncomingEvent incoming, DeliveryChannel channel, Instant now) {
		if (this.assignee == null) {
			return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId, null, null,
					Notification.Status.SKIPPED, 0, null, now, null, null);
		}
		return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId, channel.name(),
				this.assignee, Notification.Status.PENDING, 0, null, now, null, null);
	}

	String requiredAssignee() {
		if (this.assignee == null) {
			throw new IllegalStateException("no assignee to notify");
		}
		return this.assignee;
	}

	private static boolean hasNul(@Nullable String text) {
		return text != null && text.indexOf('\0') >= 0;
	}

	private static @Nullable String blankToNull(@Nullable String assignee) {
		return (assignee == null || assignee.isBlank()) ? null : assignee;
	}

}
