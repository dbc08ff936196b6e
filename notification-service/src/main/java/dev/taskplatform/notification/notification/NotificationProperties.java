package dev.taskplatform.notification.notification;

import java.net.URI;
import java.time.Duration;

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
	 * @param secret the HMAC-SHA256 key of the {@code X-Signature} header
	 * ({@code NOTIFICATION_WEBHOOK_SECRET}); required with a URL
	 * @param timeout longest wait to connect, and again for the response
	 * @param maxAttempts attempts in all, the first included, while the receiver answers
	 * 5xx, times out or cannot be reached
	 * @param initialBackoff pause after the first failed attempt, doubled after each; the
	 * event's partition is paused meanwhile, not the listener thread
	 * @param maxBackoff longest pause between attempts
	 */
	record Webhook(@Nullable URI url, @Nullable String secret, @DefaultValue("5s") @NotNull Duration timeout,
			@DefaultValue("4") @Min(1) @Max(10) int maxAttempts,
			@DefaultValue("200ms") @NotNull Duration initialBackoff, @DefaultValue("2s") @NotNull Duration maxBackoff) {

		Webhook {
			// an empty NOTIFICATION_WEBHOOK_URL means "no webhook", as an absent one does
			if (url != null && url.toString().isBlank()) {
				url = null;
			}
		}

		@AssertTrue(message = "notification.webhook.secret (NOTIFICATION_WEBHOOK_SECRET) must be set, not blank, "
				+ "when notification.webhook.url is set: receivers verify every request's X-Signature with it")
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

		/** Never shows the secret (settings get logged, e.g. in startup failures). */
		@Override
		public String toString() {
			return "Webhook[url=" + this.url + ", secret=" + ((this.secret != null) ? "******" : null) + ", timeout="
					+ this.timeout + ", maxAttempts=" + this.maxAttempts + ", initialBackoff=" + this.initialBackoff
					+ ", maxBackoff=" + this.maxBackoff + "]";
		}

	}

}
