package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Gatling measured in one load phase, read from the summary it prints at the end of
 * a run ("Global Information"), whose percentiles {@link GatlingRun} sets to 50, 99, 99.9
 * and 99.99.
 *
 * @param phase the phase
 * @param requests requests sent
 * @param errors requests that failed (not 201, or no answer)
 * @param throughput mean requests/s over the run
 * @param p50 median response time, ms
 * @param p99 ms
 * @param p999 ms
 * @param max ms
 * @param report Gatling's HTML report folder
 */
record LoadResult(GatlingRun.Phase phase, long requests, long errors, double throughput, double p50, double p99,
		double p999, double max, Path report) {

	private static final Pattern ROW = Pattern
		.compile("^> (.+?)\\s*\\|\\s*([\\d,.]+|-)\\s*\\|\\s*([\\d,.]+|-)\\s*\\|\\s*([\\d,.]+|-)\\s*$");

	static LoadResult read(Path report, GatlingRun.Phase phase, String console) {
		int summary = console.lastIndexOf("---- Global Information");
		if (summary < 0) {
			throw new IllegalStateException("Gatling printed no summary for " + phase.name());
		}
		Map<String, String[]> rows = new LinkedHashMap<>();
		for (String line : console.substring(summary).split("\n")) {
			Matcher matcher = ROW.matcher(line.strip());
			if (matcher.matches()) {
				rows.put(matcher.group(1).strip(),
						new String[] { matcher.group(2), matcher.group(3), matcher.group(4) });
			}
		}
		String[] count = row(rows, "request count");
		return new LoadResult(phase, (long) number(count[0]), (long) numberOrZero(count[2]),
				number(row(rows, "mean throughput (rps)")[0]),
				number(row(rows, "response time 50th percentile (ms)")[0]),
				number(row(rows, "response time 99th percentile (ms)")[0]),
				number(row(rows, "response time 99.9th percentile (ms)")[0]),
				number(row(rows, "max response time (ms)")[0]), report);
	}

	private static String[] row(Map<String, String[]> rows, String name) {
		String[] row = rows.get(name);
		if (row == null) {
			throw new IllegalStateException("Gatling's summary has no '" + name + "' row");
		}
		return row;
	}

	private static double number(String text) {
		return Double.parseDouble(text.replace(",", ""));
	}

	private static double numberOrZero(String text) {
		return "-".equals(text) ? 0 : number(text);
	}

}
