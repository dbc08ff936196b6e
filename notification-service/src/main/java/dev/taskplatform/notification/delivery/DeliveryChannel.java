package dev.taskplatform.notification.delivery;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import dev.taskplatform.notification.ledger.Notification;

/**
 * A way to reach a recipient. A delivery is one attempt, and blocking: it runs on a
 * listener thread, which is there for that. Whether and when a failed attempt is repeated
 * is the business of {@link DeliveryAttempts}, not the channel's.
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
	 * @param retryAfter how long the recipient asked to be left alone
	 * ({@code Retry-After}), if it did
	 */
	record Delivery(Outcome outcome, @Nullable String error, @Nullable Duration retryAfter) {

		static Delivery sent() {
			return new Delivery(Outcome.SENT, null, null);
		}

		/** The recipient refused this request, and would again: not to be repeated. */
		static Delivery refused(String error) {
			return new Delivery(Outcome.REFUSED, error, null);
		}

		/**
		 * The recipient could not take it now (408, 429, 5xx, timeout, unreachable, or an
		 * answer that would refuse every request alike, such as 401).
		 */
		static Delivery unavailable(String error) {
			return new Delivery(Outcome.UNAVAILABLE, error, null);
		}

		static Delivery unavailable(String error, @Nullable Duration retryAfter) {
			return new Delivery(Outcome.UNAVAILABLE, error, retryAfter);
		}

	}

	enum Outcome {

		SENT, REFUSED, UNAVAILABLE

	}

}
