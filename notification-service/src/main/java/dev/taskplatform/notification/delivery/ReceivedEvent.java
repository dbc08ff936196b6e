package dev.taskplatform.notification.delivery;

import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.events.IncomingEvent;
import org.jspecify.annotations.Nullable;

/**
 * An event of a batch, as the listener read it from its record.
 *
 * @param event the event
 * @param traceparent the W3C trace context its record carries, if any
 * @param request what it asks for
 */
record ReceivedEvent(IncomingEvent event, @Nullable String traceparent, NotificationRequest request) {

	/**
	 * @throws NotRetryableException for an event this service does not handle or cannot
	 * record
	 */
	static ReceivedEvent of(IncomingEvent event, @Nullable String traceparent) {
		return new ReceivedEvent(event, traceparent, NotificationRequest.of(event));
	}

}
