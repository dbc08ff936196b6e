package dev.taskplatform.notification.notification;

import org.jspecify.annotations.Nullable;

/**
 * A way to reach a recipient. A delivery is one attempt, and blocking: it runs on a
 * listener thread, which is there for that. Whether and when a failed attempt is repeated
 * is the {@link Notifier}'s business, not the channel's.
 */
interface DeliveryChannel {

	Notification.Channel name();

	/**
	 * Attempts to deliver a message once.
	 * @param message the message
	 * @return how it went
	 */
	Delivery deliver(Message message);

	/**
	 * The outcome of an attempt.
	 *
	 * @param outcome what happened
	 * @param error why it failed, when it did
	 */
	record Delivery(Outcome outcome, @Nullable String error) {

		static Delivery sent() {
			return new Delivery(Outcome.SENT, null);
		}

		/** The recipient refused it, and would again: not to be repeated. */
		static Delivery refused(String error) {
			return new Delivery(Outcome.REFUSED, error);
		}

		/** The recipient could not take it now (5xx, timeout, unreachable). */
		static Delivery unavailable(String error) {
			return new Delivery(Outcome.UNAVAILABLE, error);
		}

	}

	enum Outcome {

		SENT, REFUSED, UNAVAILABLE

	}

}
