package dev.taskplatform.notification.notification;

import java.time.Duration;

/**
 * When a webhook delivery is tried again, and after how long. A 5xx, a timeout or a
 * connection failure may pass; a 4xx (or any other answer that is not 2xx) will not, so
 * it is not repeated. Back-off doubles from the initial pause up to the longest.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff pause after the first failed attempt
 * @param maxBackoff longest pause
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	static RetryPolicy of(NotificationProperties.Webhook webhook) {
		return new RetryPolicy(webhook.maxAttempts(), webhook.initialBackoff(), webhook.maxBackoff());
	}

	/**
	 * What an HTTP status means for the delivery.
	 * @param status the receiver's answer
	 * @return the verdict
	 */
	static Verdict classify(int status) {
		if (status >= 200 && status < 300) {
			return Verdict.DELIVERED;
		}
		if (status >= 500 && status < 600) {
			return Verdict.TRANSIENT;
		}
		// 4xx: the receiver refuses this request and would refuse it again; 1xx/3xx: it
		// is misconfigured (redirects are not followed: they would move a signed body)
		return Verdict.PERMANENT;
	}

	/**
	 * Whether another attempt may follow.
	 * @param attempts attempts made so far
	 * @return {@code true} while attempts remain
	 */
	boolean mayRetry(int attempts) {
		return attempts < this.maxAttempts;
	}

	/**
	 * The pause before the next attempt.
	 * @param failedAttempts attempts failed so far, from 1
	 * @return the initial back-off doubled per earlier failure, at most the longest
	 */
	Duration backoff(int failedAttempts) {
		int doublings = Math.clamp(failedAttempts - 1, 0, 30);
		long millis = this.initialBackoff.toMillis() << doublings;
		if (millis < 0 || millis > this.maxBackoff.toMillis()) {
			return this.maxBackoff;
		}
		return Duration.ofMillis(millis);
	}

	enum Verdict {

		DELIVERED, TRANSIENT, PERMANENT

	}

}
