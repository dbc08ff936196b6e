package dev.taskplatform.notification.delivery;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * When a webhook delivery is tried again, and after how long. An answer that says this
 * request is wrong (400, 404, 410, 413, 422) is not repeated. Any other answer that is
 * not 2xx (408, 429, 5xx, but also 401, 403 or a redirect, which would refuse every
 * request alike until someone fixes the receiver or our settings), a timeout or a
 * connection failure counts as the receiver being unavailable: it is repeated, and counts
 * toward the {@link ReceiverBreaker}. Each pause is the previous one doubled and moved
 * either way by up to the jitter, which grows in proportion with the pause (Spring's
 * {@link ExponentialBackOff}), between the initial one and the longest, and at least what
 * the receiver's {@code Retry-After} asked, up to a bound.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff pause after the first failed attempt
 * @param maxBackoff longest pause
 * @param jitter the spread of the initial pause, in proportion for the longer ones
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration jitter,
		Duration maxRetryAfter) {

	/** Statuses that say the request itself is wrong: repeating it cannot help. */
	private static final Set<Integer> REQUEST_IS_WRONG = Set.of(400, 404, 410, 413, 422);

	static RetryPolicy of(NotificationProperties.Webhook webhook) {
		return new RetryPolicy(webhook.maxAttempts(), webhook.initialBackoff(), webhook.maxBackoff(), webhook.jitter(),
				webhook.maxRetryAfter());
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
		return REQUEST_IS_WRONG.contains(status) ? Verdict.PERMANENT : Verdict.TRANSIENT;
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
	 * @param retryAfter what the receiver asked for, if anything
	 * @return the back-off for that many failures, with jitter, and at least
	 * {@code retryAfter} (at most {@code maxRetryAfter})
	 */
	Duration pause(int failedAttempts, @Nullable Duration retryAfter) {
		ExponentialBackOff backOff = new ExponentialBackOff(this.initialBackoff.toMillis(), 2.0);
		backOff.setMaxInterval(this.maxBackoff.toMillis());
		backOff.setJitter(this.jitter.toMillis());
		BackOffExecution execution = backOff.start();
		long millis = this.initialBackoff.toMillis();
		for (int failure = 0; failure < Math.clamp(failedAttempts, 1, 40); failure++) {
			millis = execution.nextBackOff();
		}
		Duration pause = (millis == BackOffExecution.STOP) ? this.maxBackoff : Duration.ofMillis(millis);
		if (retryAfter != null && !retryAfter.isNegative()) {
			Duration asked = (retryAfter.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : retryAfter;
			return (asked.compareTo(pause) > 0) ? asked : pause;
		}
		return pause;
	}

	enum Verdict {

		DELIVERED, TRANSIENT, PERMANENT

	}

}
