package dev.taskplatform.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import dev.taskplatform.notification.ledger.Notification;

/**
 * Delivers a notification as a signed JSON POST, one attempt per call, bounded by the
 * timeout. Signed as Standard Webhooks specifies ({@link StandardWebhookSignature}), and,
 * while {@code legacy-headers} is on, with {@code X-Signature} and {@code X-Event-Id} as
 * well. The receiver de-duplicates on {@code webhook-id} (the event's id), so a repeated
 * request (a retry by {@link DeliveryAttempts}, or a redelivered event) is harmless.
 */
class WebhookChannel implements DeliveryChannel, AutoCloseable {

	static final String EVENT_ID_HEADER = "X-Event-Id";

	private static final Logger logger = LoggerFactory.getLogger(WebhookChannel.class);

	private final URI url;

	private final StandardWebhookSignature signature;

	private final @Nullable WebhookSignature legacySignature;

	private final Duration timeout;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient client;

	WebhookChannel(NotificationProperties.Webhook settings, JsonMapper json, Clock clock) {
		this.url = Objects.requireNonNull(settings.url(), "a webhook needs a URL");
		String secret = Objects.requireNonNull(settings.secret(), "a webhook needs a secret");
		List<SigningKey> keys = new ArrayList<>();
		keys.add(SigningKey.of(secret));
		settings.previousSecrets().forEach((previous) -> keys.add(SigningKey.of(previous)));
		this.signature = new StandardWebhookSignature(keys);
		this.legacySignature = settings.legacyHeaders() ? new WebhookSignature(secret) : null;
		this.timeout = settings.timeout();
		this.json = json;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.timeout)
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
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header(StandardWebhookSignature.ID_HEADER, message.eventId())
			.header(StandardWebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(StandardWebhookSignature.SIGNATURE_HEADER, this.signature.sign(message.eventId(), timestamp, body));
		if (this.legacySignature != null) {
			builder.header(EVENT_ID_HEADER, message.eventId())
				.header(WebhookSignature.HEADER, this.legacySignature.sign(body));
		}
		HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		CompletableFuture<HttpResponse<Void>> response = this.client.sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		try {
			// the request timeout ends with the response headers; this bounds the whole
			// exchange, body included, against a receiver that stalls half-way
			HttpResponse<Void> answer = response.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			int status = answer.statusCode();
			return switch (RetryPolicy.classify(status)) {
				case DELIVERED -> {
					logger.debug("Webhook took event {} (HTTP {})", message.eventId(), status);
					yield Delivery.sent();
				}
				case PERMANENT -> Delivery.refused("webhook answered HTTP " + status + ", not retried");
				case TRANSIENT -> Delivery.unavailable("webhook answered HTTP " + status, retryAfter(answer.headers()));
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

	/**
	 * The wait a {@code Retry-After} header asks for: seconds, or an HTTP date.
	 * @param headers the answer's headers
	 * @return the wait, or {@code null} without a readable header
	 */
	@Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.chars().allMatch(Character::isDigit)) {
			return (value.length() <= 9) ? Duration.ofSeconds(Long.parseLong(value)) : null;
		}
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(this.clock.instant(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
