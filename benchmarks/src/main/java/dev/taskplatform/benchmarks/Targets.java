package dev.taskplatform.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.taskplatform.benchmarks.ReportFormat.f;
import static dev.taskplatform.benchmarks.ReportFormat.millis;

/**
 * Judges the targets on what was measured: throughput and p99 at 64 connections, no
 * errors, every consumer's end-to-end p99 at 1,000 requests/s, each consumer's rate in
 * the cold and the warm catch-up, and the four services' memory at their peak. A target
 * whose phase or catch-up was not measured is left out.
 *
 * @param phases the load phases measured
 * @param catchUps the catch-ups measured
 */
record Targets(List<PhaseResult> phases, List<CatchUpResult> catchUps) {

	/**
	 * The rows of the report's targets table.
	 * @param fleetPeak the four services' memory together at their peak, MiB
	 * @return one {@code | target | measured | met |} row a target
	 */
	List<String> rows(double fleetPeak) {
		List<String> rows = new ArrayList<>();
		phase("64-connections").ifPresent((phase) -> {
			LoadResult load = phase.load();
			rows.add(row("POST /tasks ≥ 5,000 requests/s at 64 connections", f("%.0f requests/s", load.throughput()),
					load.throughput() >= 5000));
			rows.add(row("p99 ≤ 50 ms at 64 connections", f("%.0f ms", load.p99()), load.p99() <= 50));
		});
		long errors = this.phases.stream().mapToLong((phase) -> phase.load().errors()).sum();
		rows.add(row("zero errors", errors + " errors in all phases", errors == 0));
		phase("1000-per-second").ifPresent((phase) -> {
			Collection<EndToEndLatency> consumers = phase.endToEnd().values();
			double worst = consumers.stream().mapToDouble(EndToEndLatency::p99).max().orElse(Double.NaN);
			rows.add(row(
					"end-to-end p99 ≤ 100 ms at 1,000 requests/s, every consumer", "worst consumer " + millis(worst)
							+ " ms (throughput " + f("%.0f", phase.load().throughput()) + " requests/s)",
					worst <= 0.1 && phase.load().throughput() >= 990));
		});
		for (CatchUpResult catchUp : this.catchUps.stream()
			.filter((each) -> each.kind() != CatchUpResult.Kind.SOLO)
			.toList()) {
			Map.of("audit-service", 10_000, "notification-service", 5_000, "reminder-service", 5_000)
				.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach((target) -> {
					CatchUpResult.Consumer consumer = catchUp.consumers().get(target.getKey());
					if (consumer != null) {
						rows.add(row(f("%s %s ≥ %,d events/s", target.getKey(), catchUp.label(), target.getValue()),
								f("%.0f events/s", consumer.eventsPerSecond()),
								consumer.eventsPerSecond() >= target.getValue()));
					}
				});
		}
		rows.add(row("the four services ≤ 1.2 GiB together", f("%.0f MiB at peak", fleetPeak), fleetPeak <= 1228.8));
		return rows;
	}

	private Optional<PhaseResult> phase(String name) {
		return this.phases.stream().filter((phase) -> phase.load().phase().name().equals(name)).findFirst();
	}

	private static String row(String target, String measured, boolean met) {
		return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |";
	}

}
