package dev.taskplatform.consumer;

/**
 * A failure that retrying cannot mend (a webhook receiver answered 4xx, or retries inside
 * the service are already exhausted): the record goes to its dead-letter topic at once,
 * without the error handler's retries.
 */
public class NotRetryableException extends RuntimeException {

	public NotRetryableException(String message, Throwable cause) {
		super(message, cause);
	}

	public NotRetryableException(String message) {
		super(message);
	}

}
