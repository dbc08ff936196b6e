package dev.taskplatform.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hand-read usual shape gives what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * gives, and refuses what it refuses.
 */
class Rfc3339Tests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-12-01T11:00:00Z", "2026-12-01T11:00:00.1Z", "2026-12-01T11:00:00.123456Z",
			"2026-12-01T11:00:00.123456789Z", "2026-12-01T11:00:00+01:00", "2026-12-01T11:00:00.5-05:30",
			"2026-12-01T11:00:00-00:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00Z",
			"2026-12-01t11:00:00z", "2026-12-01T11:00Z", "2026-12-01T11:00:00+01:00:30", "+12026-12-01T11:00:00Z",
			"2026-12-01T11:00:00.Z" })
	void readsWhatTheFormatterReadsAsTheSameInstant(String text) {
		assertThat(Rfc3339.parse(text)).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T11:00:00Z", "2026-13-01T11:00:00Z", "2026-12-01T24:00:00Z",
			"2026-12-01T11:60:00Z", "2026-12-01T11:00:60Z", "2026-12-01T11:00:00", "2026-12-01T11:00:00.1234567890Z",
			"2026-12-01T11:00:00+19:00", "2026-12-01 11:00:00Z", "2026-12-01T11:00:00Zjunk", "2026-12-0１T11:00:00Z",
			"not a time" })
	void refusesWhatTheFormatterRefuses(String text) {
		assertThatExceptionOfType(DateTimeException.class)
			.isThrownBy(() -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
		assertThatExceptionOfType(DateTimeException.class).isThrownBy(() -> Rfc3339.parse(text));
	}

	@org.junit.jupiter.api.Test
	void keepsTheFraction() {
		assertThat(Rfc3339.parse("2026-12-01T11:00:00.000001Z").getNano()).isEqualTo(1_000);
		assertThat(Rfc3339.parse("2026-12-01T11:00:00.5Z").getNano()).isEqualTo(500_000_000);
	}

}
