package dev.taskplatform.taskapi.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Keys are each caller's own: two callers' keys never meet, and a key sent to
 * an open API is stored as sent.
 */
class StoredKeyTests {

	@Test
	void theSameKeyFromTwoCallersIsTwoKeys() {
		assertThat(TaskService.storedKey("order-42", "alice")).isNotEqualTo(TaskService.storedKey("order-42", "bob"))
			.isNotEqualTo("order-42");
	}

	@Test
	void aSubjectAndAKeyCannotBeShiftedIntoAnother() {
		// "ab" + "c" and "a" + "bc" would meet without the separator
		assertThat(TaskService.storedKey("c", "ab")).isNotEqualTo(TaskService.storedKey("bc", "a"));
	}

	@Test
	void openTheKeyIsStoredAsSent() {
		assertThat(TaskService.storedKey("order-42", null)).isEqualTo("order-42");
	}

}
