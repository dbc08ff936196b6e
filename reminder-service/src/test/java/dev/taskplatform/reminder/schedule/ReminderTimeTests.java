package dev.taskplatform.reminder.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReminderTimeTests {

	private static final Instant NOW = Instant.parse("2030-01-31T08:00:00Z");

	private static final Duration LEAD = Duration.ofHours(1);

	@Test
	void firesTheLeadBeforeTheTaskIsDue() {
		assertThat(ReminderTime.remindAt(Instant.parse("2030-01-31T12:00:00Z"), LEAD, NOW))
			.contains(Instant.parse("2030-01-31T11:00:00Z"));
	}

	@Test
	void firesExactlyNowWhenTheLeadEndsNow() {
		assertThat(ReminderTime.remindAt(NOW.plus(LEAD), LEAD, NOW)).contains(NOW);
	}

	@Test
	void firesAtOnceWhenTheTaskIsDueWithinTheLead() {
		assertThat(ReminderTime.remindAt(NOW.plusSeconds(60), LEAD, NOW)).contains(NOW);
	}

	@Test
	void noReminderForATaskAlreadyDue() {
		assertThat(ReminderTime.remindAt(NOW.minusSeconds(1), LEAD, NOW)).isEmpty();
		assertThat(ReminderTime.remindAt(NOW, LEAD, NOW)).isEmpty();
	}

	@Test
	void noReminderForATaskWithoutDueDate() {
		assertThat(ReminderTime.remindAt(null, LEAD, NOW)).isEmpty();
	}

	@Test
	void zeroLeadFiresWhenTheTaskIsDue() {
		assertThat(ReminderTime.remindAt(NOW.plusSeconds(5), Duration.ZERO, NOW)).contains(NOW.plusSeconds(5));
	}

}
