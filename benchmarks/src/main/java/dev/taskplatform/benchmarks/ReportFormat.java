package dev.taskplatform.benchmarks;

import java.util.Locale;

/**
 * How the report writes numbers: in {@link Locale#ROOT}, so that a report reads the same
 * whatever the machine's locale.
 */
final class ReportFormat {

	private ReportFormat() {
	}

	static String f(String pattern, Object... arguments) {
		return String.format(Locale.ROOT, pattern, arguments);
	}

	/** Seconds in whole milliseconds; {@code -} when NaN, {@code > 1 h} when infinite. */
	static String millis(double seconds) {
		if (Double.isNaN(seconds)) {
			return "-";
		}
		return Double.isInfinite(seconds) ? "> 1 h" : f("%.0f", seconds * 1000);
	}

}
