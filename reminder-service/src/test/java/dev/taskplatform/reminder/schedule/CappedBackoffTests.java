package dev.taskplatform.reminder.schedule;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CappedBackoffTests {

	private final SendReminderTaskConfiguration.CappedBackoff backoff = new SendReminderTaskConfiguration.CappedBackoff(
			new ReminderProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)));

	@Test
	void doublesAfterEachFailureUpToTheMaximum() {
		assertThat(this.backoff.delay(0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.delay(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.delay(4)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.backoff.delay(5)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
	}

}
