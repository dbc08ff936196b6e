package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.taskplatform.events.EventType;
import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.ConsumerLag;
import dev.taskplatform.fleet.FleetOptions;
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.fleet.Prometheus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark: starts the fleet (embedded Kafka and PostgreSQL, the four services from
 * their jars), drives {@code POST /tasks} with Gatling in load phases, times the
 * consumers' catch-up on a queue of events, and writes a report.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl benchmarks spring-boot:run}
 * (docs/benchmarks.md). Settings, as environment variables: {@code BENCHMARK_DURATION}
 * (each measured phase, ISO-8601, default PT60S), {@code BENCHMARK_WARMUP} (PT90S: the
 * JIT compilers of five JVMs need it), {@code BENCHMARK_CATCHUP_EVENTS} (100000),
 * {@code BENCHMARK_PROFILE=true} (a JFR recording per service), and the fleet's own
 * ({@code FLEET_JAVA_OPTIONS}, ports).
 */
public final class Benchmark {

	private static final Logger logger = LoggerFactory.getLogger(Benchmark.class);

	static final List<String> CONSUMERS = List.of("audit-service", "notification-service", "reminder-service");

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

	private static final String TASK_CREATED_TYPE = EventType.TASK_CREATED.type();

	private final LocalFleet fleet;

	private final ProcessSampler sampler;

	private final ConsumerLag groups;

	private Benchmark(LocalFleet fleet, ProcessSampler sampler, ConsumerLag groups) {
		this.fleet = fleet;
		this.sampler = sampler;
		this.groups = groups;
	}

	@SuppressWarnings("try") // the sampler is a resource only to be closed
	public static void main(String[] args) {
		Map<String, String> environment = new HashMap<>(System.getenv());
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
				"FLEET_" + consumer.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_JAVA_OPTIONS",
				CONSUMER_JAVA_OPTIONS));
		FleetOptions defaults = FleetOptions.fromEnvironment(environment);
		FleetOptions options = new FleetOptions(defaults.repository(), defaults.ports(), defaults.environment(),
				defaults.javaOptions(), defaults.serviceJavaOptions(), defaults.postgresUrl(), results.resolve("logs"),
				defaults.secured());

		List<GatlingRun.Phase> phases = List.of(new GatlingRun.Phase("warm-up", 64, 0, warmUp),
				new GatlingRun.Phase("16-connections", 16, 0, duration),
				new GatlingRun.Phase("64-connections", 64, 0, duration),
				new GatlingRun.Phase("1000-per-second", 0, 1000, duration));
		logger.info("Benchmark results go to {}", results);
		ProcessSampler sampler = new ProcessSampler();
		Report report;
		try (LocalFleet fleet = LocalFleet.start(options);
				ConsumerLag groups = new ConsumerLag(fleet.kafkaBootstrapServers());
				ProcessSampler started = sampler.start()) {
			// Ctrl-C stops the services too (close() is idempotent)
			Runtime.getRuntime().addShutdownHook(new Thread(fleet::close, "benchmark-shutdown"));
			Benchmark benchmark = new Benchmark(fleet, sampler, groups);
			benchmark.watch();
			Map<String, Long> pids = fleet.pids();
			List<PhaseResult> measured = new ArrayList<>();
			List<CatchUpResult> catchUps = new ArrayList<>();
			String failure = null;
			try {
				for (GatlingRun.Phase phase : phases) {
					measured.add(benchmark.run(phase, results));
				}
				catchUps.add(benchmark.catchUp(catchUpEvents));
				catchUps.add(benchmark.warmCatchUp(catchUpEvents));
				catchUps.addAll(benchmark.soloCatchUps(catchUpEvents / 2));
			}
			catch (RuntimeException ex) {
				// report what was measured, and say where it stopped
				logger.error("The benchmark stopped early", ex);
				failure = ex.toString();
			}
			report = new Report(measured, catchUps, sampler.samples(), javaOptions(options), fleet.startup(), pids,
					failure);
		}
		Path written = report.write(results);
		logger.info("Report: {}", written);
		// the fleet's and Kafka's non-daemon threads are gone with close(); leave
		// promptly
		System.exit(0);
	}

	private void watch() {
		this.fleet.pids().forEach(this.sampler::watch);
		this.sampler.watch("Kafka broker (+ benchmark driver)", ProcessHandle.current().pid());
		ProcessHandle.allProcesses()
			.filter((process) -> process.info().command().orElse("").endsWith("/postgres"))
			.filter((process) -> process.info()
				.arguments()
				.map((arguments) -> List.of(arguments).contains(Integer.toString(this.fleet.postgresPort())))
				.orElse(false))
			.findFirst()
			.ifPresent((postmaster) -> this.sampler.watch("PostgreSQL", postmaster.pid(), true));
		String taskApi = this.fleet.managementUrl("task-api");
		this.sampler.gauge("outbox backlog (rows)",
				() -> Prometheus.scrape(taskApi).sum("outbox_backlog_rows", Map.of()));
		CONSUMERS.forEach((group) -> this.sampler.gauge("lag " + group + " (records)",
				() -> this.groups.lag(group, Topics.TASK_CREATED)));
	}

	private PhaseResult run(GatlingRun.Phase phase, Path results) {
		logger.info("Phase {}: POST /tasks from {} for {}", phase.name(), phase.describe(), phase.duration());
		Map<String, Prometheus> before = scrapeConsumers();
		double start = this.sampler.now();
		LoadResult load = GatlingRun.run(phase, this.fleet.url("task-api"), this.fleet.token(),
				results.resolve("gatling"), this.sampler);
		double end = this.sampler.now();
		logger.info("Phase {}: {} requests, {} errors, {} requests/s, p99 {} ms; waiting for the consumers",
				phase.name(), load.requests(), load.errors(), load.throughput(), load.p99());
		awaitUntil(Duration.ofMinutes(15), this::allCaughtUp);
		double settled = this.sampler.now();
		Map<String, Prometheus> after = scrapeConsumers();
		Map<String, Latency> endToEnd = new LinkedHashMap<>();
		Map<String, String> created = Map.of("type", TASK_CREATED_TYPE);
		CONSUMERS.forEach((consumer) -> endToEnd.put(consumer, new Latency(
				Prometheus.increase(before.get(consumer), after.get(consumer), "events_processed_total", created),
				Prometheus.quantile(before.get(consumer), after.get(consumer), "events_end_to_end_seconds", created,
						0.50),
				Prometheus.quantile(before.get(consumer), after.get(consumer), "events_end_to_end_seconds", created,
						0.99),
				Prometheus.quantile(before.get(consumer), after.get(consumer), "events_end_to_end_seconds", created,
						0.999))));
		return new PhaseResult(load, start, end, settled - end, endToEnd);
	}

	/**
	 * Stops the consumers, queues events for them, starts them again and times until each
	 * has committed all of them.
	 */
	private CatchUpResult catchUp(int events) {
		logger.info("Catch-up: stopping the consumers, queueing {} task.created events", events);
		Map<String, Long> stopped = this.fleet.pids();
		CompletableFuture
			.allOf(CONSUMERS.stream()
				.map((consumer) -> CompletableFuture.runAsync(() -> this.fleet.stop(consumer)))
				.toArray(CompletableFuture[]::new))
			.join();
		CONSUMERS.forEach((consumer) -> this.sampler.forget(stopped.get(consumer)));
		double queueing = this.sampler.now();
		EventFlood.publish(this.fleet.kafkaBootstrapServers(), events);
		double queued = this.sampler.now();
		Map<String, Long> initialLag = new LinkedHashMap<>();
		CONSUMERS.forEach((group) -> initialLag.put(group, this.groups.lag(group, Topics.TASK_CREATED)));
		logger.info("Catch-up: queued in {} s; lag {}; starting the consumers", Math.round(queued - queueing),
				initialLag);
		double launched = this.sampler.now();
		Map<String, CompletableFuture<Long>> restarts = new LinkedHashMap<>();
		CONSUMERS.forEach((consumer) -> restarts.put(consumer,
				CompletableFuture.supplyAsync(() -> this.fleet.restart(consumer)).thenApply((pid) -> {
					this.sampler.watch(consumer, pid);
					return pid;
				})));
		Map<String, CatchUpResult.Consumer> consumers = awaitCaughtUp(initialLag, launched);
		restarts.values().forEach(CompletableFuture::join);
		return new CatchUpResult(CatchUpResult.Kind.COLD, events, queued - queueing, launched, consumers);
	}

	/**
	 * The same with warm consumers: they are suspended (SIGSTOP, for the few seconds of
	 * queueing, well within their session timeout), the events queued, and the consumers
	 * resumed (SIGCONT), their JIT-compiled code and group membership intact.
	 */
	private CatchUpResult warmCatchUp(int events) {
		logger.info("Warm catch-up: suspending the consumers, queueing {} task.created events", events);
		Map<String, Long> pids = this.fleet.pids();
		List<Long> suspended = new ArrayList<>();
		double queueing = this.sampler.now();
		double queued;
		Map<String, Long> initialLag = new LinkedHashMap<>();
		double resumed;
		try {
			CONSUMERS.forEach((consumer) -> {
				signal("STOP", pids.get(consumer));
				suspended.add(pids.get(consumer));
			});
			EventFlood.publish(this.fleet.kafkaBootstrapServers(), events);
			queued = this.sampler.now();
			CONSUMERS.forEach((group) -> initialLag.put(group, this.groups.lag(group, Topics.TASK_CREATED)));
			logger.info("Warm catch-up: queued in {} s; lag {}; resuming the consumers", Math.round(queued - queueing),
					initialLag);
		}
		finally {
			resumed = this.sampler.now();
			suspended.forEach((pid) -> signal("CONT", pid));
		}
		return new CatchUpResult(CatchUpResult.Kind.WARM, events, queued - queueing, resumed,
				awaitCaughtUp(initialLag, resumed));
	}

	/**
	 * Each consumer alone, warm: all three suspended while the events are queued, then
	 * resumed one after the other, each once the one before has caught up (and idles), so
	 * that its own cost and PostgreSQL's for it can be read apart.
	 */
	private List<CatchUpResult> soloCatchUps(int events) {
		logger.info("Solo catch-ups: suspending the consumers, queueing {} task.created events", events);
		Map<String, Long> pids = this.fleet.pids();
		List<Long> suspended = new ArrayList<>();
		List<CatchUpResult> results = new ArrayList<>();
		try {
			CONSUMERS.forEach((consumer) -> {
				signal("STOP", pids.get(consumer));
				suspended.add(pids.get(consumer));
			});
			double queueing = this.sampler.now();
			EventFlood.publish(this.fleet.kafkaBootstrapServers(), events);
			double queued = this.sampler.now();
			for (String consumer : CONSUMERS) {
				Map<String, Long> lag = Map.of(consumer, this.groups.lag(consumer, Topics.TASK_CREATED));
				double resumed = this.sampler.now();
				signal("CONT", pids.get(consumer));
				suspended.remove(pids.get(consumer));
				results.add(new CatchUpResult(CatchUpResult.Kind.SOLO, events, queued - queueing, resumed,
						awaitCaughtUp(lag, resumed)));
			}
		}
		finally {
			suspended.forEach((pid) -> signal("CONT", pid));
		}
		return results;
	}

	/** Times, per consumer, until its first and its last commit of the queued events. */
	private Map<String, CatchUpResult.Consumer> awaitCaughtUp(Map<String, Long> initialLag, double launched) {
		Map<String, Double> firstProgress = new LinkedHashMap<>();
		Map<String, Double> done = new LinkedHashMap<>();
		awaitUntil(Duration.ofMinutes(30), () -> {
			for (String group : initialLag.keySet()) {
				if (done.containsKey(group)) {
					continue;
				}
				long lag = this.groups.lag(group, Topics.TASK_CREATED);
				double now = this.sampler.now();
				if (lag < initialLag.get(group)) {
					firstProgress.putIfAbsent(group, now);
				}
				if (lag == 0) {
					done.put(group, now);
				}
			}
			return done.size() == initialLag.size();
		});
		Map<String, CatchUpResult.Consumer> consumers = new LinkedHashMap<>();
		initialLag.keySet()
			.forEach((group) -> consumers.put(group, new CatchUpResult.Consumer(initialLag.get(group),
					firstProgress.getOrDefault(group, done.get(group)) - launched, done.get(group) - launched)));
		return consumers;
	}

	/** Every service's JVM options, then each one's own. */
	private static String javaOptions(FleetOptions options) {
		StringBuilder described = new StringBuilder(String.join(" ", options.javaOptions()));
		options.serviceJavaOptions()
			.forEach((service,
					own) -> described.append("; ").append(service).append(": ").append(String.join(" ", own)));
		return described.toString();
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean allCaughtUp() {
		try {
			double backlog = Prometheus.scrape(this.fleet.managementUrl("task-api"))
				.sum("outbox_backlog_rows", Map.of());
			return backlog == 0
					&& CONSUMERS.stream().allMatch((group) -> this.groups.lag(group, Topics.TASK_CREATED) == 0);
		}
		catch (RuntimeException ex) {
			// overloaded past answering its metrics in time: not drained yet
			return false;
		}
	}

	private Map<String, Prometheus> scrapeConsumers() {
		Map<String, Prometheus> scrapes = new LinkedHashMap<>();
		CONSUMERS.forEach((consumer) -> scrapes.put(consumer, Prometheus.scrape(this.fleet.managementUrl(consumer))));
		return scrapes;
	}

	/** Polls every 200 ms (this is a driver, not a test: no Awaitility here). */
	private static void awaitUntil(Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not reached within " + timeout);
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
	}

	/**
	 * End-to-end latency of one consumer for the events of a phase, from the event's time
	 * (the request) to the commit of its effect; quantiles are bucket upper bounds.
	 *
	 * @param events events it processed
	 * @param p50 seconds
	 * @param p99 seconds
	 * @param p999 seconds
	 */
	record Latency(double events, double p50, double p99, double p999) {
	}

	/**
	 * One measured phase.
	 *
	 * @param load what Gatling measured
	 * @param start seconds on the sampler's clock
	 * @param end seconds on the sampler's clock
	 * @param settleSeconds from the end of the load until the outbox was empty and every
	 * consumer had committed everything
	 * @param endToEnd per consumer
	 */
	record PhaseResult(LoadResult load, double start, double end, double settleSeconds, Map<String, Latency> endToEnd) {
	}

	/**
	 * The consumers' catch-up.
	 *
	 * @param kind how the consumers were brought to the queue
	 * @param events events queued
	 * @param queueSeconds how long queueing them took
	 * @param launched when the consumers were launched (or resumed), on the sampler's
	 * clock
	 * @param consumers per consumer
	 */
	record CatchUpResult(Kind kind, int events, double queueSeconds, double launched, Map<String, Consumer> consumers) {

		enum Kind {

			/** Started afresh (new JVMs) on the queue. */
			COLD,

			/** Running and caught up, suspended while the events were queued. */
			WARM,

			/** One consumer alone, warm. */
			SOLO

		}

		/**
		 * @param lag records it had to catch up on
		 * @param firstProgressSeconds from launch to its first commit
		 * @param doneSeconds from launch to lag 0
		 */
		record Consumer(long lag, double firstProgressSeconds, double doneSeconds) {

			double eventsPerSecond() {
				return this.lag / Math.max(0.001, this.doneSeconds - this.firstProgressSeconds);
			}

		}

	}

}
