package dev.taskplatform.notification.notification;

import org.jspecify.annotations.Nullable;

/**
 * A way to reach a recipient. Delivery is blocking: it runs on a listener thread, which
 * is there for that.
 */
interface DeliveryChannel {

	Notification.Channel name();

	/**
	 * Delivers a message, retrying inside as the channel sees fit.
	 * @param message the message
	 * @return how it went
	 */
	Delivery deliver(Message message);

	/**
	 * The outcome of a delivery.
	 *
	 * @param sent whether the recipient got it
	 * @param attempts how many attempts it took
	 * @param error why it failed, when it did
	 */
	record Delivery(boolean sent, int attempts, @Nullable String error) {

		static Delivery sent(int attempts) {
			return new Delivery(true, attempts, null);
		}

		static Delivery failed(int attempts, String error) {
			return new Delivery(false, attempts, error);
		}

	}

}
