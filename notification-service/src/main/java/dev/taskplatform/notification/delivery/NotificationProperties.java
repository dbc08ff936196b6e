package dev.taskplatform.notification.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How notifications are delivered.
 *
 * @param webhook the outbound webhook; without its URL notifications go to the log
 * @param pollBudget how long the deliveries of one poll may take: once spent, no further
 * delivery starts and the rest of the poll is consumed again (keep it, plus one attempt's
 * timeout, well below {@code max.poll.interval.ms})
 */
@Validated
@ConfigurationProperties("notification")
record NotificationProperties(@DefaultValue @Valid @NotNull Webhook webhook,
		@DefaultValue("2m") @NotNull Duration pollBudget) {

	@AssertTrue(message = "notification.poll-budget must be positive")
	boolean isPollBudgetPositive() {
		return this.pollBudget.isPositive();
	}

	/**
	 * An HTTP endpoint that receives every notification as a signed JSON POST.
	 *
	 * @param url where to POST ({@code NOTIFICATION_WEBHOOK_URL}); {@code null} for the
	 * log channel
	 * @param secret the signing key ({@code NOTIFICATION_WEBHOOK_SECRET}), required with
	 * a URL: {@code whsec_} and the key in base64 (Standard Webhooks), or any other text,
	 * whose UTF-8 bytes are then the key
	 * @param previousSecrets keys still signed with during a rotation: every delivery
	 * carries one signature per key, so that a receiver holding either verifies it
	 * @param legacyHeaders whether {@code X-Signature} and {@code X-Event-Id} are sent
	 * too, as before the Standard Webhooks headers (for one release)
	 * @param timeout longest wait to connect, and again for the response
	 * @param maxAttempts attempts in all, the first included, while the receiver cannot
	 * take the delivery (408, 429, 5xx, timeout, unreachable) but takes others
	 * @param initialBackoff pause after the first failed attempt, doubled after each; the
	 * event's partition is paused meanwhile, not the listener thread
	 * @param maxBackoff longest pause between attempts
	 * @param jitter at most this much is added to or taken from the first pause, and as
	 * much in proportion from the longer ones (100 ms at 200 ms is 1 s at 2 s), so that
	 * waiting partitions do not all come back at once
	 * @param maxRetryAfter the longest {@code Retry-After} honoured
	 * @param breaker when the receiver counts as down
	 */
	record Webhook(@Nullable URI url, @Nullable String secret, @DefaultValue( {
		}) @NotNull List<String> previousSecrets, @DefaultValue("true") boolean legacyHeaders,
			@DefaultValue("5s") @NotNull Duration timeout, @DefaultValue("4") @Min(1) @Max(10) int maxAttempts,
			@DefaultValue("200ms") @NotNull Duration initialBackoff, @DefaultValue("2s") @NotNull Duration maxBackoff,
			@DefaultValue("100ms") @NotNull Duration jitter, @DefaultValue("10m") @NotNull Duration maxRetryAfter,
			@DefaultValue @NotNull @Valid Breaker breaker){

		Webhook {
			// an empty NOTIFICATION_WEBHOOK_URL means "no webhook", as an absent one does
			if (url != null && url.toString().isBlank()) {
				url = null;
			}
			// likewise an empty NOTIFICATION_WEBHOOK_PREVIOUS_SECRETS: no previous secret
			previousSecrets = previousSecrets.stream().filter((previous) -> !previous.isBlank()).toList();
		}

		@AssertTrue(message = "notification.webhook.secret (NOTIFICATION_WEBHOOK_SECRET) must be set, not blank, "
				+ "when notification.webhook.url is set: receivers verify every request's signature with it")
		boolean isSecretGivenWithUrl() {
			return this.url == null || (this.secret != null && !this.secret.isBlank());
		}

		@AssertTrue(message = "notification.webhook.url must be an absolute http or https URL")
		boolean isUrlHttp() {
			return this.url == null || (this.url.getHost() != null && ("http".equalsIgnoreCase(this.url.getScheme())
					|| "https".equalsIgnoreCase(this.url.getScheme())));
		}

		@AssertTrue(message = "notification.webhook.timeout, initial-backoff and max-backoff must be positive")
		boolean isDurationsPositive() {
			return this.timeout.isPositive() && this.initialBackoff.isPositive() && this.maxBackoff.isPositive();
		}

		@AssertTrue(message = "notification.webhook.jitter must not be negative, max-retry-after must be positive")
		boolean isJitterAndRetryAfterValid() {
			return !this.jitter.isNegative() && this.maxRetryAfter.isPositive();
		}

		@AssertTrue(message = "notification.webhook.secret and previous-secrets: a whsec_ secret must be base64 "
				+ "after its prefix, and no secret may be blank")
		boolean isSecretsReadable() {
			try {
				if (this.secret != null && !this.secret.isBlank()) {
					SigningKey.of(this.secret);
				}
				this.previousSecrets.forEach(SigningKey::of);
				return true;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

		/** Never shows the secrets (settings get logged, e.g. in startup failures). */
		@Override
		public String toString() {
			return "Webhook[url=" + this.url + ", secret=" + ((this.secret != null) ? "******" : null)
					+ ", previousSecrets=" + this.previousSecrets.size() + " × ******, legacyHeaders="
					+ this.legacyHeaders + ", timeout=" + this.timeout + ", maxAttempts=" + this.maxAttempts
					+ ", initialBackoff=" + this.initialBackoff + ", maxBackoff=" + this.maxBackoff + ", jitter="
					+ this.jitter + ", maxRetryAfter=" + this.maxRetryAfter + ", breaker=" + this.breaker + "]";
		}

	}

	/**
	 * The webhook's circuit breaker: over the last {@code window} attempts (once there
	 * were {@code minimumCalls}), when {@code failureRate} percent found the receiver
	 * unavailable, no delivery is attempted for {@code openFor}; then {@code probes}
	 * deliveries go, and their outcome closes it or opens it again.
	 *
	 * @param failureRate percent of failed attempts that opens it
	 * @param window attempts it looks at
	 * @param minimumCalls attempts before it may open
	 * @param openFor how long no delivery is attempted once it opened
	 * @param probes deliveries attempted to see whether the receiver is back
	 */
	record Breaker(@DefaultValue("50") @Min(1) @Max(100) int failureRate, @DefaultValue("20") @Min(1) int window,
			@DefaultValue("5") @Min(1) int minimumCalls, @DefaultValue("30s") @NotNull Duration openFor,
			@DefaultValue("2") @Min(1) int probes) {

		@AssertTrue(message = "notification.webhook.breaker.open-for must be positive")
		boolean isOpenForPositive() {
			return this.openFor.isPositive();
		}

	}

}
