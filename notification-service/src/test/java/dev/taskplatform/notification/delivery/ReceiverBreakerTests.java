package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverBreakerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ReceiverBreaker breaker = new ReceiverBreaker(
			new NotificationProperties.Breaker(50, 4, 4, Duration.ofMinutes(1), 1), Duration.ofMillis(100),
			Clock.systemUTC(), this.meters);

	@Test
	void opensWhenEnoughAttemptsFoundTheReceiverUnavailableAndThenLetsNothingThrough() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.breaker.permission()).isNull();
			this.breaker.unavailable(Duration.ofMillis(5), "HTTP 503");
		}

		Instant retryAt = this.breaker.permission();

		assertThat(retryAt).isNotNull().isAfter(Instant.now().plusSeconds(50));
		assertThat(this.breaker.openUntil()).isEqualTo(retryAt);
		assertThat(this.breaker.isClosed()).isFalse();
		assertThat(this.meters.get("notification.webhook.breaker.open").gauge().value()).isEqualTo(1.0);
	}

	@Test
	void refusalsShowTheReceiverIsUpAndKeepItClosed() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.breaker.permission()).isNull();
			if (i != 3) {
				this.breaker.refused(Duration.ofMillis(5));
			}
			else {
				this.breaker.unavailable(Duration.ofMillis(5), "HTTP 503");
			}
		}

		assertThat(this.breaker.isClosed()).isTrue();
		assertThat(this.breaker.openUntil()).isNull();
		assertThat(this.meters.get("notification.webhook.breaker.open").gauge().value()).isZero();
	}

	@Test
	void theReceiverTookOthersOnlyAfterADeliverySucceededAfterThatTime() {
		Instant before = Instant.now().minusSeconds(1);
		assertThat(this.breaker.tookOthersAfter(before)).isFalse();

		assertThat(this.breaker.permission()).isNull();
		this.breaker.took(Duration.ofMillis(5));

		assertThat(this.breaker.tookOthersAfter(before)).isTrue();
		assertThat(this.breaker.tookOthersAfter(Instant.now().plusSeconds(1))).isFalse();
	}

}
