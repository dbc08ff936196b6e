package dev.taskplatform.notification.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.taskplatform.notification.ledger.Notification;

/**
 * The channel when no webhook is configured (local runs, environments without a
 * receiver): one log line per notification, without the payload or the recipient's
 * address.
 */
class LogChannel implements DeliveryChannel {

	private static final Logger logger = LoggerFactory.getLogger(LogChannel.class);

	@Override
	public Notification.Channel name() {
		return Notification.Channel.LOG;
	}

	@Override
	public Delivery deliver(Message message) {
		logger.info("Notification {} for task {} (event {}) written to the log: no webhook is configured",
				message.kind(), message.taskId(), message.eventId());
		return Delivery.sent();
	}

}
