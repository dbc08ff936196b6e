package dev.taskplatform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Deliveries signed as Standard Webhooks specifies, checked with the specification's
 * reference verifier ({@code com.standardwebhooks:standardwebhooks}) as a receiver runs
 * it, on a real Kafka broker and a real PostgreSQL: during a secret rotation a receiver
 * holding the new key or the old one verifies every delivery, one holding neither does
 * not, and a delivery signed ten minutes ago is refused as stale.
 */
@ConsumerServiceTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK,
		properties = "notification.webhook.legacy-headers=false")
class NotificationWebhookSignatureIntegrationTests {

	private static final String NEW_SECRET = "whsec_" + base64("the new key, 32 bytes long, ok!!");

	private static final String OLD_SECRET = "whsec_" + base64("the old key, 24 bytes :)");

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	private static final ShiftedClock clock = new ShiftedClock();

	@Autowired
	private EventProducer events;

	@TestBean
	private Clock serviceClock;

	static Clock serviceClock() {
		return clock;
	}

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
		registry.add("notification.webhook.secret", () -> NEW_SECRET);
		registry.add("notification.webhook.previous-secrets", () -> OLD_SECRET);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void clockOnTime() {
		clock.shift(Duration.ZERO);
	}

	@Test
	void duringARotationAReceiverHoldingEitherKeyVerifiesTheDelivery() throws Exception {
		WebhookReceiver.Request request = deliver();

		assertThat(request.header("webhook-signature").split(" ")).hasSize(2)
			.allMatch((part) -> part.startsWith("v1,"));
		assertThatNoException().isThrownBy(() -> verify(NEW_SECRET, request));
		assertThatNoException().isThrownBy(() -> verify(OLD_SECRET, request));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> verify("whsec_" + base64("somebody else's key, 32 bytes.."), request));
		// legacy-headers is off
		assertThat(request.header("X-Signature")).isNull();
		assertThat(request.header("X-Event-Id")).isNull();
	}

	@Test
	void aDeliverySignedTenMinutesAgoIsRefusedAsStale() throws Exception {
		clock.shift(Duration.ofMinutes(-10));
		WebhookReceiver.Request request = deliver();

		assertThat(Long.parseLong(request.header("webhook-timestamp")))
			.isLessThan(Instant.now().minus(Duration.ofMinutes(9)).getEpochSecond());
		assertThatExceptionOfType(WebhookVerificationException.class).isThrownBy(() -> verify(NEW_SECRET, request))
			.withMessageContaining("too old");
	}

	private WebhookReceiver.Request deliver() {
		TaskCreated event = new TaskCreated(UUID.randomUUID(), "Signed", null, "si@example.org", null, Instant.now());
		CloudEventAttributes sent = this.events.send(event);
		List<WebhookReceiver.Request> requests = org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(45))
			.until(() -> receiver.requests(sent.id()), (received) -> !received.isEmpty());
		WebhookReceiver.Request request = requests.get(0);
		assertThat(request.header("webhook-id")).isEqualTo(sent.id());
		return request;
	}

	private static void verify(String secret, WebhookReceiver.Request request) throws Exception {
		new Webhook(secret).verify(new String(request.body(), StandardCharsets.UTF_8), request.headers());
	}

	private static String base64(String key) {
		return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
	}

	/** The system clock, moved by a test. */
	static final class ShiftedClock extends Clock {

		private volatile Duration shift = Duration.ZERO;

		void shift(Duration shift) {
			this.shift = shift;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.shift);
		}

	}

}
