package dev.taskplatform.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Reads an RFC 3339 date-time such as {@code ce_time} as an instant. Every consumed
 * record carries one, and {@link DateTimeFormatter} took a fifth of reading an event in
 * the consumers' profiles; the usual shape ({@code 2026-12-01T11:00:00.123456Z}, or an
 * offset {@code +01:00} instead of {@code Z}) is read by hand, and anything else goes to
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, so that what is accepted, what it means
 * and what is refused are the formatter's.
 */
final class Rfc3339 {

	private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
			1_000_000_000 };

	private Rfc3339() {
	}

	/**
	 * @param text the date-time
	 * @return the instant it names
	 * @throws java.time.format.DateTimeParseException if it is not one
	 */
	static Instant parse(String text) {
		Instant instant = usual(text);
		return (instant != null) ? instant : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
	}

	/** The usual shape, or {@code null} for the formatter to decide. */
	private static @Nullable Instant usual(String text) {
		int length = text.length();
		if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
			return null;
		}
		int index = 19;
		int nanos = 0;
		if (text.charAt(index) == '.') {
			int start = ++index;
			while (index < length && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
				index++;
			}
			int figures = index - start;
			if (figures == 0 || figures > 9) {
				return null;
			}
			nanos = digits(text, start, index) * POWERS_OF_TEN[9 - figures];
		}
		if (index >= length) {
			return null;
		}
		int offset;
		char zone = text.charAt(index);
		if (zone == 'Z' && index + 1 == length) {
			offset = 0;
		}
		else if ((zone == '+' || zone == '-') && index + 6 == length && text.charAt(index + 3) == ':') {
			int hours = digits(text, index + 1, index + 3);
			int minutes = digits(text, index + 4, index + 6);
			if (hours < 0 || minutes < 0) {
				return null;
			}
			offset = ((zone == '-') ? -1 : 1) * (hours * 3600 + minutes * 60);
		}
		else {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
				.toInstant(ZoneOffset.ofTotalSeconds(offset));
		}
		catch (DateTimeException ex) {
			// out of range: the formatter says so in its own words
			return null;
		}
	}

	/** The ASCII digits from start to end as a number, or -1. */
	private static int digits(String text, int start, int end) {
		int value = 0;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
