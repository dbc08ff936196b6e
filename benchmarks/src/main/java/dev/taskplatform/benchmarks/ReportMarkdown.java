package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.taskplatform.benchmarks.ReportFormat.f;
import static dev.taskplatform.benchmarks.ReportFormat.millis;

/**
 * The text of {@code report.md}: the machine and the fleet, then a table each for the
 * load phases, the end-to-end latency, CPU and memory per process and CPU per request,
 * then the consumer catch-up ({@link CatchUpSection}), the targets ({@link Targets}) and
 * the charts.
 */
final class ReportMarkdown {

	static final Set<String> SERVICES = Set.of("task-api", "audit-service", "notification-service", "reminder-service");

	private final Report report;

	private final List<PhaseResult> phases;

	private final List<CatchUpResult> catchUps;

	private final Samples samples;

	ReportMarkdown(Report report) {
		this.report = report;
		this.phases = report.phases();
		this.catchUps = report.catchUps();
		this.samples = new Samples(report.samples());
	}

	/**
	 * Writes the report's text.
	 * @param folder the report's folder, which links to Gatling's reports are relative to
	 * @return the Markdown
	 */
	String render(Path folder) {
		StringBuilder md = new StringBuilder();
		header(md);
		load(md, folder);
		endToEnd(md);
		double fleetPeak = this.samples.peakMemory(SERVICES::contains);
		resources(md, fleetPeak);
		new CatchUpSection(this.catchUps, this.samples).appendTo(md);
		md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
		new Targets(this.phases, this.catchUps).rows(fleetPeak).forEach((target) -> md.append(target).append('\n'));
		md.append("\n## Over time\n\n![CPU](cpu.svg)\n\n![Memory](memory.svg)\n\n![Outbox backlog](backlog.svg)\n\n"
				+ "![Consumer lag](lag.svg)\n\nRaw samples (one a second): [samples.csv](samples.csv).\n");
		return md.toString();
	}

	private void header(StringBuilder md) {
		md.append("# Benchmark report\n\n");
		md.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(". ");
		md.append(Machine.describe()).append("\n\n");
		md.append("Everything on this one machine: the Kafka broker (embedded, in the benchmark's JVM), PostgreSQL ")
			.append("(embedded), the four services from their jars (`")
			.append(this.report.javaOptions())
			.append("`) and Gatling (its own JVM). The fleet started in ")
			.append(this.report.fleetStartup().toSeconds())
			.append(" s.\n\n");
		String failure = this.report.failure();
		if (failure != null) {
			md.append("**The run stopped early:** `")
				.append(failure)
				.append("`. What was measured before is below.\n\n");
		}
		Map<String, Long> pids = this.report.pids();
		md.append("Service processes (for the JFR recordings in `jfr/<pid>.jfr` when profiled): ");
		md.append(String.join(", ",
				pids.entrySet().stream().map((entry) -> entry.getKey() + " = " + entry.getValue()).toList()));
		md.append(".\n\n");
	}

	private void load(StringBuilder md, Path folder) {
		md.append("## POST /tasks\n\n");
		md.append("| phase | load | requests | errors | requests/s | p50 ms | p99 ms | p99.9 ms | max ms "
				+ "| outbox backlog max | drained after s |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (PhaseResult phase : this.phases) {
			LoadResult load = phase.load();
			double drained = phase.end() + phase.settleSeconds();
			double backlog = this.samples.gaugeMax("outbox backlog (rows)", phase.start(), drained);
			md.append(f("| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f |%n", load.phase().name(),
					load.phase().describe(), load.requests(), load.errors(), load.throughput(), load.p50(), load.p99(),
					load.p999(), load.max(), backlog, phase.settleSeconds()));
		}
		md.append("\n\"drained after\": from the end of the load until the outbox was empty and every consumer ")
			.append("had committed every event. Gatling's reports: ");
		md.append(String.join(", ",
				this.phases.stream()
					.map((phase) -> "[" + phase.load().phase().name() + "](" + relative(folder, phase.load().report())
							+ "/index.html)")
					.toList()))
			.append(".\n\n");
	}

	private void endToEnd(StringBuilder md) {
		md.append("## End to end: task.created, from the request to the consumer's commit\n\n");
		md.append("From each service's `events_end_to_end_seconds` histogram (the events of the phase, queueing "
				+ "included; a value is the upper bound of its bucket).\n\n");
		md.append("| phase | consumer | events | p50 ms | p99 ms | p99.9 ms |\n|---|---|---:|---:|---:|---:|\n");
		for (PhaseResult phase : this.phases) {
			phase.endToEnd()
				.forEach((consumer,
						latency) -> md.append(f("| %s | %s | %.0f | %s | %s | %s |%n", phase.load().phase().name(),
								consumer, latency.events(), millis(latency.p50()), millis(latency.p99()),
								millis(latency.p999()))));
		}
	}

	/** CPU and memory per process in each phase and catch-up, then CPU per request. */
	private void resources(StringBuilder md, double fleetPeak) {
		md.append("\n## CPU and memory per process\n\n");
		md.append("CPU: mean % of one core during the phase's load (the machine has ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, so 100 % per core in all). Memory: the highest resident set in MiB (PostgreSQL: ")
			.append("proportional share over the server and its backends).\n\n");
		List<String> columns = new ArrayList<>(this.phases.stream().map((p) -> p.load().phase().name()).toList());
		this.catchUps.forEach((catchUp) -> columns.add(catchUp.label()));
		md.append("| process | ").append(String.join(" | ", columns)).append(" |\n|---|");
		columns.forEach((column) -> md.append("---:|"));
		md.append('\n');
		for (String process : this.samples.processes()) {
			md.append("| ").append(process).append(" |");
			for (PhaseResult phase : this.phases) {
				double cpu = this.samples.meanCpu(process, phase.start(), phase.end());
				double memory = this.samples.maxMemory(process, phase.start(), phase.end());
				md.append(f(" %.0f %% / %.0f |", cpu, memory));
			}
			for (CatchUpResult catchUp : this.catchUps) {
				double cpu = this.samples.meanCpu(process, catchUp.launched(), catchUp.end());
				double memory = this.samples.maxMemory(process, catchUp.launched(), catchUp.end());
				md.append(f(" %.0f %% / %.0f |", cpu, memory));
			}
			md.append('\n');
		}
		md.append("\nCPU time per request (ms of CPU per POST /tasks served, from the means above): what each "
				+ "process costs, and what a request costs the machine in all.\n\n");
		md.append("| process | ")
			.append(String.join(" | ", this.phases.stream().map((p) -> p.load().phase().name()).toList()))
			.append(" |\n|---|");
		this.phases.forEach((phase) -> md.append("---:|"));
		md.append('\n');
		for (String process : this.samples.processes()) {
			md.append("| ").append(process).append(" |");
			this.phases.forEach((phase) -> md.append(f(" %.2f |", cpuPerRequest(process, phase))));
			md.append('\n');
		}
		md.append("| **all** |");
		this.phases.forEach((phase) -> md.append(f(" **%.2f** |", cpuPerRequest(phase))));
		md.append('\n');
		double allPeak = this.samples.peakMemory((process) -> !process.startsWith("load generator"));
		md.append(f("%nPeak of the four services together: %.0f MiB; with PostgreSQL and the Kafka broker: %.0f MiB.%n",
				fleetPeak, allPeak));
	}

	/** ms of CPU per request served: % of a core is 10 ms of CPU per second. */
	private double cpuPerRequest(String process, PhaseResult phase) {
		double served = phase.load().throughput() * (phase.load().requests() - phase.load().errors())
				/ Math.max(1, phase.load().requests());
		double cpu = this.samples.meanCpu(process, phase.start(), phase.end());
		return (Double.isNaN(cpu) || served <= 0) ? 0 : cpu * 10 / served;
	}

	/** The same for every process together. */
	private double cpuPerRequest(PhaseResult phase) {
		return this.samples.processes().stream().mapToDouble((process) -> cpuPerRequest(process, phase)).sum();
	}

	private static String relative(Path folder, Path target) {
		return folder.toAbsolutePath().relativize(target.toAbsolutePath()).toString().replace('\\', '/');
	}

}
