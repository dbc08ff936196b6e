package dev.taskplatform.notification.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ZERO,
			Duration.ofMinutes(10));

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 202, 204, 299 })
	void successIsDelivered(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 599, 408, 429, 401, 403, 409, 415, 301, 302, 100 })
	void serverErrorsAndAnswersThatWouldRefuseEveryRequestAreRetried(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.TRANSIENT);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 410, 413, 422 })
	void answersThatSayTheRequestIsWrongArePermanent(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.PERMANENT);
	}

	@Test
	void backoffDoublesUpToTheLongest() {
		assertThat(this.policy.pause(1, null)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.policy.pause(2, null)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.policy.pause(3, null)).isEqualTo(Duration.ofMillis(800));
		assertThat(this.policy.pause(4, null)).isEqualTo(Duration.ofMillis(1600));
		assertThat(this.policy.pause(5, null)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.pause(1000, null)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void jitterSpreadsThePausesBetweenTheInitialAndTheLongest() {
		RetryPolicy jittered = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(50),
				Duration.ofMinutes(10));
		java.util.Set<Duration> seen = new java.util.HashSet<>();
		for (int i = 0; i < 200; i++) {
			Duration pause = jittered.pause(3, null);
			assertThat(pause).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
			seen.add(pause);
		}
		assertThat(seen).hasSizeGreaterThan(1);
		for (int i = 0; i < 50; i++) {
			// Spring's ExponentialBackOff grows the jitter
			// with the pause: 50 ms at 200 ms is 500 ms at 2 s
			assertThat(jittered.pause(10, null)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2));
		}
	}

	@Test
	void retryAfterLengthensThePauseUpToItsBound() {
		assertThat(this.policy.pause(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.policy.pause(5, Duration.ofMillis(10))).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.pause(1, Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void attemptsAreBounded() {
		assertThat(this.policy.mayRetry(1)).isTrue();
		assertThat(this.policy.mayRetry(3)).isTrue();
		assertThat(this.policy.mayRetry(4)).isFalse();
	}

}
