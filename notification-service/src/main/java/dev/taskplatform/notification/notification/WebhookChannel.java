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
 * Delivers a notification as a signed JSON POST, one attempt per call, bounded by the
 * timeout. The receiver de-duplicates on {@code X-Event-Id}, so a repeated request (the
 * {@link Notifier}'s retry, or a redelivered event) is harmless.
 */
class WebhookChannel implements DeliveryChannel, AutoCloseable {

	static final String EVENT_ID_HEADER = "X-Event-Id";

	private static final Logger logger = LoggerFactory.getLogger(WebhookChannel.class);

	private final URI url;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final JsonMapper json;

	private final HttpClient client;

	WebhookChannel(URI url, String secret, Duration timeout, JsonMapper json) {
		this.url = url;
		this.signature = new WebhookSignature(secret);
		this.timeout = timeout;
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
		CompletableFuture<HttpResponse<Void>> response = this.client.sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		try {
			// the request timeout ends with the response headers; this bounds the whole
			// exchange, body included, against a receiver that stalls half-way
			int status = response.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
			return switch (RetryPolicy.classify(status)) {
				case DELIVERED -> {
					logger.debug("Webhook took event {} (HTTP {})", message.eventId(), status);
					yield Delivery.sent();
				}
				case PERMANENT -> Delivery.refused("webhook answered HTTP " + status + ", not retried");
				case TRANSIENT -> Delivery.unavailable("webhook answered HTTP " + status);
			};
		}
		catch (TimeoutException ex) {
			response.cancel(true);
			return Delivery
				.unavailable("webhook timed out (no complete answer within " + this.timeout.toMillis() + " ms)");
		}
		catch (ExecutionException ex) {
			return Delivery.unavailable((ex.getCause() instanceof HttpTimeoutException)
					? "webhook timed out (" + ex.getCause().getMessage() + ")"
					: "webhook unreachable: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			// shutting down: the row stays PENDING and the redelivered event sends again
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while delivering event " + message.eventId(), ex);
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
