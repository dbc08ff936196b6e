package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskplatform.benchmarks.ProcessSampler.Sample;
import org.jspecify.annotations.Nullable;

/**
 * What one run measured, written to a folder: {@code report.md} ({@link ReportMarkdown}),
 * SVG charts of CPU, memory, outbox backlog and consumer lag over the run with the phases
 * and catch-ups shaded, and the raw samples as CSV ({@link SamplesCsv}).
 *
 * @param phases the load phases measured
 * @param catchUps the catch-ups measured
 * @param samples the sampler's readings over the run
 * @param javaOptions the services' JVM options, as the report names them
 * @param fleetStartup how long the fleet took to start
 * @param pids each service's process id
 * @param failure what stopped the run early, or {@code null} if it ran to the end
 */
record Report(List<PhaseResult> phases, List<CatchUpResult> catchUps, List<Sample> samples, String javaOptions,
		Duration fleetStartup, Map<String, Long> pids, @Nullable String failure) {

	/**
	 * Writes the report.
	 * @param folder the folder to write it to, created if need be
	 * @return the path of {@code report.md}
	 */
	Path write(Path folder) {
		try {
			Files.createDirectories(folder);
			Samples readings = new Samples(this.samples);
			Map<String, double[]> bands = bands();
			Files.writeString(folder.resolve("cpu.svg"),
					SvgChart.draw("CPU per process", "% of one core", readings.series(Sample::cpu), bands));
			Files.writeString(folder.resolve("memory.svg"),
					SvgChart.draw("Resident memory per process", "MiB", readings.series(Sample::memory), bands));
			Map<String, List<double[]>> gauges = readings.series(Sample::gauges);
			Map<String, List<double[]>> backlog = new LinkedHashMap<>();
			Map<String, List<double[]>> lag = new LinkedHashMap<>();
			gauges.forEach((name, points) -> (name.startsWith("lag ") ? lag : backlog).put(name, points));
			Files.writeString(folder.resolve("backlog.svg"),
					SvgChart.draw("task-api outbox backlog", "rows", backlog, bands));
			Files.writeString(folder.resolve("lag.svg"),
					SvgChart.draw("Consumer lag on task.created", "records", lag, bands));
			Files.writeString(folder.resolve("samples.csv"), SamplesCsv.of(readings));
			Path report = folder.resolve("report.md");
			Files.writeString(report, new ReportMarkdown(this).render(folder));
			return report;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The charts' shaded spans: each phase's load, each catch-up until it was done. */
	private Map<String, double[]> bands() {
		Map<String, double[]> bands = new LinkedHashMap<>();
		this.phases
			.forEach((phase) -> bands.put(phase.load().phase().name(), new double[] { phase.start(), phase.end() }));
		this.catchUps
			.forEach((catchUp) -> bands.put(catchUp.label(), new double[] { catchUp.launched(), catchUp.end() }));
		return bands;
	}

}
