package dev.taskplatform.consumer;

import java.time.Instant;

/**
 * A record that cannot be handled yet but may be later (a webhook answering 503): the
 * error handler pauses its partition until {@link #notBefore()}, then consumes it and the
 * records after it again. It is not counted as a failure and does not send the record to
 * its dead-letter topic; the listener thread goes on with the other partitions instead of
 * sleeping. Whoever throws it bounds the attempts (e.g. in the row it keeps for the
 * record).
 */
public class RetryLater extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Instant notBefore;

	/**
	 * @param message what is waited for
	 * @param notBefore when the record may be tried again
	 */
	public RetryLater(String message, Instant notBefore) {
		super(message);
		this.notBefore = notBefore;
	}

	public Instant notBefore() {
		return this.notBefore;
	}

}
