package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.ConsumerLag;
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.fleet.Prometheus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark: starts the fleet (embedded Kafka and PostgreSQL, the four services from
 * their jars), samples every process and the backlogs throughout, drives
 * {@code POST /tasks} with Gatling in load phases ({@link LoadPhases}), times the
 * consumers' catch-up on a queue of events ({@link CatchUps}), and writes a report
 * ({@link Report}), also of what was measured when a step fails.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl benchmarks spring-boot:run}
 * (docs/benchmarks.md); the settings are in {@link BenchmarkSettings}.
 */
public final class Benchmark {

	private static final Logger logger = LoggerFactory.getLogger(Benchmark.class);

	static final List<String> CONSUMERS = List.of("audit-service", "notification-service", "reminder-service");

	private Benchmark() {
	}

	@SuppressWarnings("try") // the sampler is a resource only to be closed
	public static void main(String[] args) {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(System.getenv());
		Path results = settings.results();
		logger.info("Benchmark results go to {}", results);
		ProcessSampler sampler = new ProcessSampler();
		Report report;
		try (LocalFleet fleet = LocalFleet.start(settings.fleet());
				ConsumerLag groups = new ConsumerLag(fleet.kafkaBootstrapServers());
				ProcessSampler started = sampler.start()) {
			// Ctrl-C stops the services too (close() is idempotent)
			Runtime.getRuntime().addShutdownHook(new Thread(fleet::close, "benchmark-shutdown"));
			watch(fleet, sampler, groups);
			LoadPhases loadPhases = new LoadPhases(fleet, sampler, groups);
			CatchUps catchUps = new CatchUps(fleet, sampler, groups);
			Map<String, Long> pids = fleet.pids();
			List<PhaseResult> measured = new ArrayList<>();
			List<CatchUpResult> caughtUp = new ArrayList<>();
			String failure = null;
			try {
				for (GatlingRun.Phase phase : settings.phases()) {
					measured.add(loadPhases.run(phase, results));
				}
				caughtUp.add(catchUps.cold(settings.catchUpEvents()));
				caughtUp.add(catchUps.warm(settings.catchUpEvents()));
				caughtUp.addAll(catchUps.solo(settings.catchUpEvents() / 2));
			}
			catch (RuntimeException ex) {
				// report what was measured, and say where it stopped
				logger.error("The benchmark stopped early", ex);
				failure = ex.toString();
			}
			report = new Report(measured, caughtUp, sampler.samples(), settings.describeJavaOptions(), fleet.startup(),
					pids, failure);
		}
		Path written = report.write(results);
		logger.info("Report: {}", written);
		// close() has ended the fleet's and Kafka's non-daemon threads: leave promptly
		System.exit(0);
	}

	/**
	 * Has the sampler watch every service, this JVM (the broker's), PostgreSQL (the
	 * server and its backends), the outbox backlog and each consumer group's lag.
	 */
	private static void watch(LocalFleet fleet, ProcessSampler sampler, ConsumerLag groups) {
		fleet.pids().forEach(sampler::watch);
		sampler.watch("Kafka broker (+ benchmark driver)", ProcessHandle.current().pid());
		ProcessHandle.allProcesses()
			.filter((process) -> process.info().command().orElse("").endsWith("/postgres"))
			.filter((process) -> process.info()
				.arguments()
				.map((arguments) -> List.of(arguments).contains(Integer.toString(fleet.postgresPort())))
				.orElse(false))
			.findFirst()
			.ifPresent((postmaster) -> sampler.watch("PostgreSQL", postmaster.pid(), true));
		String taskApi = fleet.managementUrl("task-api");
		sampler.gauge("outbox backlog (rows)", () -> Prometheus.scrape(taskApi).sum("outbox_backlog_rows", Map.of()));
		CONSUMERS.forEach(
				(group) -> sampler.gauge("lag " + group + " (records)", () -> groups.lag(group, Topics.TASK_CREATED)));
	}

}
