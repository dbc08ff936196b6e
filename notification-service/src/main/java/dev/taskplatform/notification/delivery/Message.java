package dev.taskplatform.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import dev.taskplatform.notification.ledger.Notification;

/**
 * What a recipient is told; also the webhook's JSON body.
 *
 * @param eventId the {@code ce_id} of the event (receivers de-duplicate on it)
 * @param kind why the recipient is notified
 * @param taskId the task
 * @param title the task's title
 * @param assignee the recipient
 * @param dueAt when the task is due, if it has a due date
 */
record Message(String eventId, Notification.Kind kind, UUID taskId, String title, String assignee,
		@Nullable Instant dueAt) {

}
