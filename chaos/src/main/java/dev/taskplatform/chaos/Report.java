package dev.taskplatform.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The report of a run, in Markdown: the plan, the fault windows, the checks (each must be
 * zero) and the facts.
 */
final class Report {

	private Report() {
	}

	static String markdown(ChaosRun.Plan plan, double rate, Instant began, List<Fault.Window> windows,
			List<String> unsettled, Duration settled, Tally tally) {
		StringBuilder text = new StringBuilder();
		text.append("# Chaos run: ").append(tally.passed() ? "PASSED" : "FAILED").append("\n\n");
		text.append("Plan `")
			.append(plan.name())
			.append("`, ")
			.append(rate)
			.append(" requests/s, started ")
			.append(began)
			.append(". Settled ")
			.append(unsettled.isEmpty() ? "in " + settled.toSeconds() + " s after the load"
					: "NOT within " + settled.toSeconds() + " s: " + unsettled)
			.append(".\n\n");
		text.append("| Fault | From | Back after |\n| --- | --- | --- |\n");
		for (Fault.Window window : windows) {
			text.append("| ")
				.append(window.name())
				.append(" | ")
				.append(window.start())
				.append(" | ")
				.append(Duration.between(window.start(), window.healed()).toMillis() / 1000.0)
				.append(" s |\n");
		}
		text.append("\n| Check (must be 0) | Count | Result | First offenders |\n| --- | ---: | --- | --- |\n");
		for (Tally.Check check : tally.checks()) {
			text.append("| ")
				.append(check.name())
				.append(" | ")
				.append(check.count())
				.append(" | ")
				.append(check.passed() ? "ok" : "**FAIL**")
				.append(" | ")
				.append(String.join(", ", check.examples()))
				.append(" |\n");
		}
		text.append("\n| Fact | Count |\n| --- | ---: |\n");
		tally.facts()
			.forEach((fact, count) -> text.append("| ").append(fact).append(" | ").append(count).append(" |\n"));
		return text.toString();
	}

}
