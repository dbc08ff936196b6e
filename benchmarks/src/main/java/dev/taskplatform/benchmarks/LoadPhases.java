package dev.taskplatform.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskplatform.events.EventType;
import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.ConsumerLag;
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.fleet.Prometheus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.taskplatform.benchmarks.Benchmark.CONSUMERS;

/**
 * Runs a load phase: {@code POST /tasks} from Gatling ({@link GatlingRun}) for the
 * phase's time, then waits until the outbox is empty and every consumer has committed
 * everything, and reads each consumer's end-to-end latency for the phase from its
 * histograms, scraped before and after.
 */
final class LoadPhases {

	private static final Logger logger = LoggerFactory.getLogger(LoadPhases.class);

	private static final Map<String, String> TASK_CREATED = Map.of("type", EventType.TASK_CREATED.type());

	private final LocalFleet fleet;

	private final ProcessSampler sampler;

	private final ConsumerLag groups;

	LoadPhases(LocalFleet fleet, ProcessSampler sampler, ConsumerLag groups) {
		this.fleet = fleet;
		this.sampler = sampler;
		this.groups = groups;
	}

	/**
	 * Runs one phase and waits (up to 15 minutes) for the fleet to settle.
	 * @param phase the phase
	 * @param results the run's folder; Gatling's reports go to its {@code gatling} folder
	 * @return what was measured
	 */
	PhaseResult run(GatlingRun.Phase phase, Path results) {
		logger.info("Phase {}: POST /tasks from {} for {}", phase.name(), phase.describe(), phase.duration());
		Map<String, Prometheus> before = scrapeConsumers();
		double start = this.sampler.now();
		LoadResult load = GatlingRun.run(phase, this.fleet.url("task-api"), this.fleet.token(),
				results.resolve("gatling"), this.sampler);
		double end = this.sampler.now();
		logger.info("Phase {}: {} requests, {} errors, {} requests/s, p99 {} ms; waiting for the consumers",
				phase.name(), load.requests(), load.errors(), load.throughput(), load.p99());
		Polling.awaitUntil(Duration.ofMinutes(15), this::allCaughtUp);
		double settled = this.sampler.now();
		Map<String, Prometheus> after = scrapeConsumers();
		Map<String, EndToEndLatency> endToEnd = new LinkedHashMap<>();
		CONSUMERS.forEach((consumer) -> endToEnd.put(consumer, latency(before.get(consumer), after.get(consumer))));
		return new PhaseResult(load, start, end, settled - end, endToEnd);
	}

	/** The task.created events a consumer processed between two scrapes, and how late. */
	private static EndToEndLatency latency(Prometheus before, Prometheus after) {
		return new EndToEndLatency(Prometheus.increase(before, after, "events_processed_total", TASK_CREATED),
				Prometheus.quantile(before, after, "events_end_to_end_seconds", TASK_CREATED, 0.50),
				Prometheus.quantile(before, after, "events_end_to_end_seconds", TASK_CREATED, 0.99),
				Prometheus.quantile(before, after, "events_end_to_end_seconds", TASK_CREATED, 0.999));
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

}
