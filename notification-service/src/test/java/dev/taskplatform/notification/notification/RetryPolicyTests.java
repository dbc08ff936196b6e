package dev.taskplatform.notification.notification;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 202, 204, 299 })
	void successIsDelivered(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 599 })
	void serverErrorIsRetried(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.TRANSIENT);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 409, 422, 499, 301, 302, 100 })
	void clientErrorAndAnythingElseIsPermanent(int status) {
		assertThat(RetryPolicy.classify(status)).isEqualTo(RetryPolicy.Verdict.PERMANENT);
	}

	@Test
	void backoffDoublesUpToTheLongest() {
		assertThat(this.policy.backoff(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.policy.backoff(2)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.policy.backoff(3)).isEqualTo(Duration.ofMillis(800));
		assertThat(this.policy.backoff(4)).isEqualTo(Duration.ofMillis(1600));
		assertThat(this.policy.backoff(5)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.backoff(1000)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void attemptsAreBounded() {
		assertThat(this.policy.mayRetry(1)).isTrue();
		assertThat(this.policy.mayRetry(3)).isTrue();
		assertThat(this.policy.mayRetry(4)).isFalse();
	}

	@Test
	void defaultsKeepTheWorstCaseFarBelowTheMaxPollInterval() {
		// 4 attempts of 5 s connect + 5 s response, and the pauses between them
		Duration worst = Duration.ofSeconds(10).multipliedBy(4);
		for (int failed = 1; failed < 4; failed++) {
			worst = worst.plus(this.policy.backoff(failed));
		}
		// 5 records per poll (application.yaml) against max.poll.interval.ms = 300 s
		assertThat(worst.multipliedBy(5)).isLessThan(Duration.ofSeconds(300));
	}

}
