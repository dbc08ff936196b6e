package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.taskplatform.benchmarks.Benchmark.CatchUpResult;
import dev.taskplatform.benchmarks.Benchmark.Latency;
import dev.taskplatform.benchmarks.Benchmark.PhaseResult;
import dev.taskplatform.benchmarks.ProcessSampler.Sample;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's report: {@code report.md} with tables and the targets, SVG charts of
 * CPU, memory, outbox backlog and consumer lag over the run, and the raw samples as CSV.
 */
record Report(List<PhaseResult> phases, List<CatchUpResult> catchUps, List<Sample> samples, String javaOptions,
		Duration fleetStartup, Map<String, Long> pids, @Nullable String failure) {

	static final Set<String> SERVICES = Set.of("task-api", "audit-service", "notification-service", "reminder-service");

	Path write(Path folder) {
		try {
			Files.createDirectories(folder);
			Map<String, double[]> bands = bands();
			Files.writeString(folder.resolve("cpu.svg"),
					SvgChart.draw("CPU per process", "% of one core", series(Sample::cpu), bands));
			Files.writeString(folder.resolve("memory.svg"),
					SvgChart.draw("Resident memory per process", "MiB", series(Sample::memory), bands));
			Map<String, List<double[]>> gauges = series(Sample::gauges);
			Map<String, List<double[]>> backlog = new LinkedHashMap<>();
			Map<String, List<double[]>> lag = new LinkedHashMap<>();
			gauges.forEach((name, points) -> (name.startsWith("lag ") ? lag : backlog).put(name, points));
			Files.writeString(folder.resolve("backlog.svg"),
					SvgChart.draw("task-api outbox backlog", "rows", backlog, bands));
			Files.writeString(folder.resolve("lag.svg"),
					SvgChart.draw("Consumer lag on task.created", "records", lag, bands));
			Files.writeString(folder.resolve("samples.csv"), csv());
			Path report = folder.resolve("report.md");
			Files.writeString(report, markdown(folder));
			return report;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String markdown(Path folder) {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark report\n\n");
		md.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(". ");
		md.append(Machine.describe()).append("\n\n");
		md.append("Everything on this one machine: the Kafka broker (embedded, in the benchmark's JVM), PostgreSQL ")
			.append("(embedded), the four services from their jars (`")
			.append(this.javaOptions)
			.append("`) and Gatling (its own JVM). The fleet started in ")
			.append(this.fleetStartup.toSeconds())
			.append(" s.\n\n");
		if (this.failure != null) {
			md.append("**The run stopped early:** `")
				.append(this.failure)
				.append("`. What was measured before is below.\n\n");
		}
		md.append("Service processes (for the JFR recordings in `jfr/<pid>.jfr` when profiled): ");
		md.append(String.join(", ",
				this.pids.entrySet().stream().map((entry) -> entry.getKey() + " = " + entry.getValue()).toList()));
		md.append(".\n\n");

		md.append("## POST /tasks\n\n");
		md.append("| phase | load | requests | errors | requests/s | p50 ms | p99 ms | p99.9 ms | max ms "
				+ "| outbox backlog max | drained after s |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (PhaseResult phase : this.phases) {
			LoadResult load = phase.load();
			md.append(f("| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f |%n", load.phase().name(),
					load.phase().describe(), load.requests(), load.errors(), load.throughput(), load.p50(), load.p99(),
					load.p999(), load.max(),
					gaugeMax("outbox backlog (rows)", phase.start(), phase.end() + phase.settleSeconds()),
					phase.settleSeconds()));
		}
		md.append("\n\"drained after\": from the end of the load until the outbox was empty and every consumer ")
			.append("had committed every event. Gatling's reports: ");
		md.append(String.join(", ",
				this.phases.stream()
					.map((phase) -> "[" + phase.load().phase().name() + "](" + relative(folder, phase.load().report())
							+ "/index.html)")
					.toList()))
			.append(".\n\n");

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

		md.append("\n## CPU and memory per process\n\n");
		md.append("CPU: mean % of one core during the phase's load (the machine has ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, so 100 % per core in all). Memory: the highest resident set in MiB (PostgreSQL: ")
			.append("proportional share over the server and its backends).\n\n");
		List<String> columns = new ArrayList<>(this.phases.stream().map((p) -> p.load().phase().name()).toList());
		this.catchUps.forEach((catchUp) -> columns.add(name(catchUp)));
		md.append("| process | ").append(String.join(" | ", columns)).append(" |\n|---|");
		columns.forEach((column) -> md.append("---:|"));
		md.append('\n');
		for (String process : processes()) {
			md.append("| ").append(process).append(" |");
			for (PhaseResult phase : this.phases) {
				md.append(f(" %.0f %% / %.0f |", mean(process, phase.start(), phase.end()),
						maxMemory(process, phase.start(), phase.end())));
			}
			for (CatchUpResult catchUp : this.catchUps) {
				md.append(f(" %.0f %% / %.0f |", mean(process, catchUp.launched(), end(catchUp)),
						maxMemory(process, catchUp.launched(), end(catchUp))));
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
		for (String process : processes()) {
			md.append("| ").append(process).append(" |");
			this.phases.forEach((phase) -> md.append(f(" %.2f |", cpuPerRequest(process, phase))));
			md.append('\n');
		}
		md.append("| **all** |");
		this.phases.forEach((phase) -> md.append(
				f(" **%.2f** |", processes().stream().mapToDouble((process) -> cpuPerRequest(process, phase)).sum())));
		md.append('\n');
		double fleetPeak = peakSum(SERVICES::contains);
		double allPeak = peakSum((process) -> !process.startsWith("load generator"));
		md.append(f("%nPeak of the four services together: %.0f MiB; with PostgreSQL and the Kafka broker: %.0f MiB.%n",
				fleetPeak, allPeak));

		md.append("\n## Consumer catch-up\n\n");
		if (this.catchUps.isEmpty()) {
			md.append("Not measured (the run stopped before).\n");
		}
		this.catchUps.forEach((catchUp) -> catchUp(md, catchUp));

		md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
		targets(fleetPeak).forEach((target) -> md.append(target).append('\n'));

		md.append("\n## Over time\n\n![CPU](cpu.svg)\n\n![Memory](memory.svg)\n\n![Outbox backlog](backlog.svg)\n\n"
				+ "![Consumer lag](lag.svg)\n\nRaw samples (one a second): [samples.csv](samples.csv).\n");
		return md.toString();
	}

	private void catchUp(StringBuilder md, CatchUpResult catchUp) {
		if (catchUp.kind() == CatchUpResult.Kind.SOLO) {
			solo(md, catchUp);
			return;
		}
		md.append((catchUp.kind() == CatchUpResult.Kind.WARM)
				? f("%n**Warm.** With the three consumers running and caught up, then suspended (SIGSTOP), %d "
						+ "task.created events were queued (in %.1f s); then the consumers were resumed together. "
						+ "Times are from their resumption.%n%n", catchUp.events(), catchUp.queueSeconds())
				: f("**Cold.** With the three consumers stopped, %d task.created events were queued (in %.1f s); then "
						+ "the consumers were started together. Times are from their launch (JVM start "
						+ "included).%n%n", catchUp.events(), catchUp.queueSeconds()));
		md.append("| consumer | records behind | first commit after s | all committed after s | events/s "
				+ "(first commit to the last) |\n|---|---:|---:|---:|---:|\n");
		catchUp.consumers()
			.forEach((consumer, result) -> md.append(f("| %s | %d | %.1f | %.1f | %.0f |%n", consumer, result.lag(),
					result.firstProgressSeconds(), result.doneSeconds(), result.eventsPerSecond())));
	}

	/**
	 * One consumer alone: its rate, and the CPU it and PostgreSQL spent per 1,000 events
	 * (mean share of a core over the window × its length ÷ events).
	 */
	private void solo(StringBuilder md, CatchUpResult catchUp) {
		boolean first = this.catchUps.stream()
			.filter((each) -> each.kind() == CatchUpResult.Kind.SOLO)
			.findFirst()
			.orElse(null) == catchUp;
		if (first) {
			md.append(f("%n**Alone.** All three suspended while %d task.created events were queued, then resumed one "
					+ "at a time, each once the one before had caught up (and idled): each consumer's own cost, and "
					+ "PostgreSQL's for it, per 1,000 events.%n%n", catchUp.events()));
			md.append("| consumer | events/s | consumer CPU ms per 1,000 events | PostgreSQL CPU ms per 1,000 events "
					+ "| broker CPU ms per 1,000 events |\n|---|---:|---:|---:|---:|\n");
		}
		catchUp.consumers()
			.forEach((consumer,
					result) -> md.append(f("| %s | %.0f | %.0f | %.0f | %.0f |%n", consumer, result.eventsPerSecond(),
							cpuPerThousand(consumer, catchUp), cpuPerThousand("PostgreSQL", catchUp),
							cpuPerThousand("Kafka broker (+ benchmark driver)", catchUp))));
	}

	/** % of a core is 10 ms of CPU per second. */
	private double cpuPerThousand(String process, CatchUpResult catchUp) {
		double seconds = end(catchUp) - catchUp.launched();
		long events = catchUp.consumers().values().stream().mapToLong(CatchUpResult.Consumer::lag).sum();
		return mean(process, catchUp.launched(), end(catchUp)) * 10 * seconds / Math.max(1, events) * 1000;
	}

	private static String name(CatchUpResult catchUp) {
		return switch (catchUp.kind()) {
			case COLD -> "catch-up (cold)";
			case WARM -> "catch-up (warm)";
			case SOLO -> "alone: " + String.join(", ", catchUp.consumers().keySet());
		};
	}

	private static double end(CatchUpResult catchUp) {
		return catchUp.launched() + catchUp.consumers()
			.values()
			.stream()
			.mapToDouble(CatchUpResult.Consumer::doneSeconds)
			.max()
			.orElse(0);
	}

	private List<String> targets(double fleetPeak) {
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
			double worst = phase.endToEnd().values().stream().mapToDouble(Latency::p99).max().orElse(Double.NaN);
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
						rows.add(row(f("%s %s ≥ %,d events/s", target.getKey(), name(catchUp), target.getValue()),
								f("%.0f events/s", consumer.eventsPerSecond()),
								consumer.eventsPerSecond() >= target.getValue()));
					}
				});
		}
		rows.add(row("the four services ≤ 1.2 GiB together", f("%.0f MiB at peak", fleetPeak), fleetPeak <= 1228.8));
		return rows;
	}

	private java.util.Optional<PhaseResult> phase(String name) {
		return this.phases.stream().filter((phase) -> phase.load().phase().name().equals(name)).findFirst();
	}

	private static String row(String target, String measured, boolean met) {
		return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |";
	}

	private Set<String> processes() {
		Set<String> names = new LinkedHashSet<>();
		this.samples.forEach((sample) -> names.addAll(sample.memory().keySet()));
		return names;
	}

	private Map<String, double[]> bands() {
		Map<String, double[]> bands = new LinkedHashMap<>();
		this.phases
			.forEach((phase) -> bands.put(phase.load().phase().name(), new double[] { phase.start(), phase.end() }));
		this.catchUps.forEach((catchUp) -> bands.put(name(catchUp), new double[] { catchUp.launched(), end(catchUp) }));
		return bands;
	}

	private Map<String, List<double[]>> series(Function<Sample, Map<String, Double>> values) {
		Map<String, List<double[]>> series = new LinkedHashMap<>();
		for (Sample sample : this.samples) {
			values.apply(sample)
				.forEach((name, value) -> series.computeIfAbsent(name, (key) -> new ArrayList<>())
					.add(new double[] { sample.time(), value }));
		}
		return series;
	}

	private Stream<Sample> between(double start, double end) {
		return this.samples.stream().filter((sample) -> sample.time() >= start && sample.time() <= end);
	}

	private double mean(String process, double start, double end) {
		return between(start, end).filter((sample) -> sample.cpu().containsKey(process))
			.mapToDouble((sample) -> sample.cpu().get(process))
			.average()
			.orElse(Double.NaN);
	}

	/** ms of CPU per request served: % of a core is 10 ms of CPU per second. */
	private double cpuPerRequest(String process, PhaseResult phase) {
		double served = phase.load().throughput() * (phase.load().requests() - phase.load().errors())
				/ Math.max(1, phase.load().requests());
		double cpu = mean(process, phase.start(), phase.end());
		return (Double.isNaN(cpu) || served <= 0) ? 0 : cpu * 10 / served;
	}

	private double maxMemory(String process, double start, double end) {
		return between(start, end).mapToDouble((sample) -> sample.memory().getOrDefault(process, 0.0))
			.max()
			.orElse(Double.NaN);
	}

	private double gaugeMax(String gauge, double start, double end) {
		return between(start, end).mapToDouble((sample) -> sample.gauges().getOrDefault(gauge, 0.0))
			.max()
			.orElse(Double.NaN);
	}

	private double peakSum(java.util.function.Predicate<String> included) {
		return this.samples.stream()
			.mapToDouble((sample) -> sample.memory()
				.entrySet()
				.stream()
				.filter((entry) -> included.test(entry.getKey()))
				.mapToDouble(Map.Entry::getValue)
				.sum())
			.max()
			.orElse(0);
	}

	private String csv() {
		List<String> cpu = new ArrayList<>(processes());
		Set<String> gauges = new LinkedHashSet<>();
		this.samples.forEach((sample) -> gauges.addAll(sample.gauges().keySet()));
		StringBuilder csv = new StringBuilder("time_s");
		cpu.forEach((name) -> csv.append(",cpu% ").append(name));
		cpu.forEach((name) -> csv.append(",MiB ").append(name));
		gauges.forEach((name) -> csv.append(',').append(name));
		csv.append('\n');
		for (Sample sample : this.samples) {
			csv.append(f("%.1f", sample.time()));
			cpu.forEach((name) -> csv.append(',').append(value(sample.cpu().get(name))));
			cpu.forEach((name) -> csv.append(',').append(value(sample.memory().get(name))));
			gauges.forEach((name) -> csv.append(',').append(value(sample.gauges().get(name))));
			csv.append('\n');
		}
		return csv.toString();
	}

	private static String value(Double value) {
		return (value != null) ? f("%.1f", value) : "";
	}

	static String millis(double seconds) {
		if (Double.isNaN(seconds)) {
			return "-";
		}
		return Double.isInfinite(seconds) ? "> 1 h" : f("%.0f", seconds * 1000);
	}

	private static String relative(Path folder, Path target) {
		return folder.toAbsolutePath().relativize(target.toAbsolutePath()).toString().replace('\\', '/');
	}

	private static String f(String pattern, Object... arguments) {
		return String.format(Locale.ROOT, pattern, arguments);
	}

}
