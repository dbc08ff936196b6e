package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Runs {@link PostTasksSimulation} in its own JVM (so that the load generator's CPU and
 * memory are measured apart from the fleet's) and reads back what Gatling measured.
 */
final class GatlingRun {

	private GatlingRun() {
	}

	/**
	 * Runs one load phase.
	 * @param phase the phase
	 * @param target base URL of task-api
	 * @param token the bearer token for every request, or {@code null} for an open API
	 * @param results the folder for Gatling's report
	 * @param sampler receives the load generator's pid while it runs
	 * @return Gatling's statistics of the run
	 */
	static LoadResult run(Phase phase, String target, @Nullable String token, Path results, ProcessSampler sampler) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"));
		// what Gatling's own launchers pass: Gatling reads String internals, and Netty
		// loads its native transport
		command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"));
		command.add("-Dbenchmark.target=" + target);
		command.add("-Dbenchmark.duration=" + phase.duration());
		if (phase.rate() > 0) {
			command.add("-Dbenchmark.rate=" + phase.rate());
		}
		else {
			command.add("-Dbenchmark.connections=" + phase.connections());
		}
		// no calls home, no warm-up request to gatling.io (this machine may be offline)
		command.add("-Dgatling.data.enableAnalytics=false");
		command.add("-Dgatling.http.warmUpUrl=" + target + "/livez");
		command.add("-Dgatling.charting.indicators.percentile1=50");
		command.add("-Dgatling.charting.indicators.percentile2=99");
		command.add("-Dgatling.charting.indicators.percentile3=99.9");
		command.add("-Dgatling.charting.indicators.percentile4=99.99");
		command.addAll(List.of("-cp", System.getProperty("java.class.path")));
		command.addAll(List.of("io.gatling.app.Gatling", "-s", PostTasksSimulation.class.getName(), "-rf",
				results.toAbsolutePath().toString(), "-rd", phase.name()));
		try {
			Files.createDirectories(results);
			Path log = results.resolve(phase.name() + "-gatling.log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			if (token != null) {
				// in the environment, not on the command line other users can read
				builder.environment().put("BENCHMARK_TOKEN", token);
			}
			Process process = builder.start();
			sampler.watch("load generator (Gatling)", process.pid());
			int exit;
			try {
				exit = process.waitFor();
			}
			finally {
				sampler.forget(process.pid());
			}
			// Gatling exits with 2 when an assertion fails, and this simulation has none:
			// any exit but 0 is a crash
			if (exit != 0) {
				throw new IllegalStateException("Gatling exited with " + exit + "; see " + log);
			}
			return LoadResult.read(newestReport(results, phase), phase, Files.readString(log));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static Path newestReport(Path results, Phase phase) throws IOException {
		try (Stream<Path> folders = Files.list(results)) {
			return folders.filter(Files::isDirectory)
				.filter((folder) -> Files.isRegularFile(folder.resolve("index.html")))
				.max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
				.orElseThrow(() -> new IllegalStateException("Gatling wrote no report for " + phase.name()));
		}
	}

	/**
	 * One load phase.
	 *
	 * @param name short name, used for file names
	 * @param connections the closed model's connections (when rate is 0)
	 * @param rate the open model's arrival rate in requests/s, or 0
	 * @param duration how long
	 */
	record Phase(String name, int connections, int rate, Duration duration) {

		String describe() {
			return (this.rate > 0) ? this.rate + " requests/s" : this.connections + " connections";
		}

	}

}
