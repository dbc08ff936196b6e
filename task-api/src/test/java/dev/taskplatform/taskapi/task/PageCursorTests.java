package dev.taskplatform.taskapi.task;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageCursorTests {

	@Test
	void decodesWhatItEncoded() {
		PageCursor cursor = new PageCursor(Instant.parse("2026-11-26T14:00:00.123456Z"), UUID.randomUUID());

		assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void encodedCursorIsUrlSafe() {
		PageCursor cursor = new PageCursor(Instant.parse("2026-11-26T14:00:00.123456Z"), UUID.randomUUID());

		assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "!!!", "bm90LWEtY3Vyc29y", "MjAyNi0xMS0yNlQxNDowMDowMFp8bm90LWEtdXVpZA" })
	void refusesACursorItDidNotHandOut(String forged) {
		assertThatExceptionOfType(PageCursor.InvalidCursorException.class).isThrownBy(() -> PageCursor.decode(forged));
	}

}
