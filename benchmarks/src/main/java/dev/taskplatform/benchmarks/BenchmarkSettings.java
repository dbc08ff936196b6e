package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.taskplatform.fleet.FleetOptions;

import static dev.taskplatform.benchmarks.Benchmark.CONSUMERS;

/**
 * The benchmark's settings, from environment variables: {@code BENCHMARK_DURATION} (each
 * measured phase, ISO-8601, default PT60S), {@code BENCHMARK_WARMUP} (PT90S: the JIT
 * compilers of five JVMs need it), {@code BENCHMARK_CATCHUP_EVENTS} (100000),
 * {@code BENCHMARK_PROFILE=true} (a JFR recording per service), and the fleet's own
 * ({@code FLEET_JAVA_OPTIONS}, ports), whose JVM options default here to
 * {@link #JAVA_OPTIONS} and, for the consumers, {@link #CONSUMER_JAVA_OPTIONS}.
 *
 * @param duration each measured phase
 * @param warmUp the warm-up phase
 * @param catchUpEvents events queued for the cold and for the warm catch-up (half as many
 * for the consumers alone)
 * @param results the run's folder, {@code benchmarks/results/<time>}
 * @param fleet the fleet's options, its logs in the run's folder
 */
record BenchmarkSettings(Duration duration, Duration warmUp, int catchUpEvents, Path results, FleetOptions fleet) {

	/**
	 * C2 on (the fleet's own default stops at C1 for a fast start), small heaps, and a
	 * service out of heap exits (as in the images) instead of limping on. 128 MiB for
	 * task-api: the whole heap is resident once the young generation has cycled, so its
	 * size is what the resident memory grows to.
	 */
	static final String JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xmx128m -XX:+ExitOnOutOfMemoryError";

	/**
	 * The consumers' own heap, after {@link #JAVA_OPTIONS}: they hold a poll or two of
	 * events (live heap about 40 MiB in the catch-up), and the whole heap becomes
	 * resident once the young generation has cycled.
	 */
	static final String CONSUMER_JAVA_OPTIONS = "-Xmx80m";

	/**
	 * Reads the settings; with {@code BENCHMARK_PROFILE=true} it also creates the run's
	 * {@code jfr} folder for the recordings.
	 * @param variables the environment
	 * @return the settings
	 */
	static BenchmarkSettings fromEnvironment(Map<String, String> variables) {
		Map<String, String> environment = new HashMap<>(variables);
		Duration duration = Duration.parse(environment.getOrDefault("BENCHMARK_DURATION", "PT60S"));
		Duration warmUp = Duration.parse(environment.getOrDefault("BENCHMARK_WARMUP", "PT90S"));
		int catchUpEvents = Integer.parseInt(environment.getOrDefault("BENCHMARK_CATCHUP_EVENTS", "100000"));
		boolean profile = Boolean.parseBoolean(environment.getOrDefault("BENCHMARK_PROFILE", "false"));
		Path repository = FleetOptions.fromEnvironment(environment).repository();
		Path results = repository.resolve("benchmarks/results")
			.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
		String javaOptions = environment.getOrDefault("FLEET_JAVA_OPTIONS", JAVA_OPTIONS);
		if (profile) {
			javaOptions += " -XX:StartFlightRecording=filename=" + results.resolve("jfr").toAbsolutePath()
					+ "/%p.jfr,settings=profile";
			results.resolve("jfr").toFile().mkdirs();
		}
		environment.put("FLEET_JAVA_OPTIONS", javaOptions);
		CONSUMERS.forEach((consumer) -> environment.putIfAbsent(
				"FLEET_" + consumer.toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTIONS",
				CONSUMER_JAVA_OPTIONS));
		FleetOptions defaults = FleetOptions.fromEnvironment(environment);
		FleetOptions fleet = new FleetOptions(defaults.repository(), defaults.ports(), defaults.environment(),
				defaults.javaOptions(), defaults.serviceJavaOptions(), defaults.postgres(), results.resolve("logs"),
				defaults.secured());
		return new BenchmarkSettings(duration, warmUp, catchUpEvents, results, fleet);
	}

	/** The warm-up, then 16 and 64 connections, then 1,000 requests/s. */
	List<GatlingRun.Phase> phases() {
		return List.of(new GatlingRun.Phase("warm-up", 64, 0, this.warmUp),
				new GatlingRun.Phase("16-connections", 16, 0, this.duration),
				new GatlingRun.Phase("64-connections", 64, 0, this.duration),
				new GatlingRun.Phase("1000-per-second", 0, 1000, this.duration));
	}

	/** Every service's JVM options, then each one's own. */
	String describeJavaOptions() {
		StringBuilder described = new StringBuilder(String.join(" ", this.fleet.javaOptions()));
		this.fleet.serviceJavaOptions()
			.forEach((service,
					own) -> described.append("; ").append(service).append(": ").append(String.join(" ", own)));
		return described.toString();
	}

}
