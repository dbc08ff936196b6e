package dev.taskplatform.notification.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers a notification as a signed JSON POST. The body is serialized once; those exact
 * bytes are signed and sent, on every attempt. Transient failures are retried here with a
 * bounded back-off (its worst case stays far below {@code max.poll.interval.ms}); the
 * receiver de-duplicates on {@code X-Event-Id}, so a repeated request is harmless.
 */
class WebhookChannel implements DeliveryChannel, AutoCloseable {

	static final String EVENT_ID_HEADER = "X-Event-Id";

	private static final Logger logger = LoggerFactory.getLogger(WebhookChannel.class);

	private final URI url;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final RetryPolicy retry;

	private final JsonMapper json;

	private final HttpClient client;

	WebhookChannel(URI url, String secret, Duration timeout, RetryPolicy retry, JsonMapper json) {
		this.url = url;
		this.signature = new WebhookSignature(secret);
		this.timeout = timeout;
		this.retry = retry;
		this.json = json;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public Notification.Channel name() {
		return Notification.Channel.WEBHOOK;
	}

	@Override
	public Delivery deliver(Message message) {
		byte[] body = this.json.writeValueAsBytes(message);
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header(EVENT_ID_HEADER, message.eventId())
			.header(WebhookSignature.HEADER, this.signature.sign(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		for (int attempt = 1;; attempt++) {
			String failure;
			CompletableFuture<HttpResponse<Void>> response = this.client.sendAsync(request,
					HttpResponse.BodyHandlers.discarding());
			try {
				// the request timeout ends with the response headers; this bounds the
				// whole
				// exchange, body included, against a receiver that stalls half-way
				int status = response.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
				RetryPolicy.Verdict verdict = RetryPolicy.classify(status);
				if (verdict == RetryPolicy.Verdict.DELIVERED) {
					logger.debug("Webhook took event {} (HTTP {}, attempt {})", message.eventId(), status, attempt);
					return Delivery.sent(attempt);
				}
				if (verdict == RetryPolicy.Verdict.PERMANENT) {
					return failed(message, attempt, "webhook answered HTTP " + status + ", not retried");
				}
				failure = "webhook answered HTTP " + status;
			}
			catch (TimeoutException ex) {
				response.cancel(true);
				failure = "webhook timed out (no complete answer within " + this.timeout.toMillis() + " ms)";
			}
			catch (ExecutionException ex) {
				failure = (ex.getCause() instanceof HttpTimeoutException)
						? "webhook timed out (" + ex.getCause().getMessage() + ")"
						: "webhook unreachable: " + ex.getCause();
			}
			catch (InterruptedException ex) {
				// shutting down: the row stays PENDING and the redelivered event sends
				// again
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while delivering event " + message.eventId(), ex);
			}
			if (!this.retry.mayRetry(attempt)) {
				return failed(message, attempt, failure + " (" + attempt + " attempts)");
			}
			Duration backoff = this.retry.backoff(attempt);
			logger.warn("Event {}: {}; attempt {} of {} in {} ms", message.eventId(), failure, attempt + 1,
					this.retry.maxAttempts(), backoff.toMillis());
			pause(backoff, message);
		}
	}

	private static Delivery failed(Message message, int attempts, String error) {
		logger.warn("Event {}: delivery failed: {}", message.eventId(), error);
		return Delivery.failed(attempts, error);
	}

	private static void pause(Duration backoff, Message message) {
		try {
			Thread.sleep(backoff);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while delivering event " + message.eventId(), ex);
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
