package dev.taskplatform.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.ConsumerLag;
import dev.taskplatform.fleet.LocalFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.taskplatform.benchmarks.Benchmark.CONSUMERS;

/**
 * Times the consumers' catch-up on a queue of {@code task.created} events
 * ({@link EventFlood}), three ways: cold, warm, and each consumer alone. Each is timed
 * from the broker's committed offsets, per consumer, until its first and its last commit
 * of the queued events.
 */
final class CatchUps {

	private static final Logger logger = LoggerFactory.getLogger(CatchUps.class);

	private final LocalFleet fleet;

	private final ProcessSampler sampler;

	private final ConsumerLag groups;

	CatchUps(LocalFleet fleet, ProcessSampler sampler, ConsumerLag groups) {
		this.fleet = fleet;
		this.sampler = sampler;
		this.groups = groups;
	}

	/**
	 * Stops the consumers, queues events for them, starts them again and times until each
	 * has committed all of them.
	 */
	CatchUpResult cold(int events) {
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
	CatchUpResult warm(int events) {
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
	List<CatchUpResult> solo(int events) {
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
		Polling.awaitUntil(Duration.ofMinutes(30), () -> {
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

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
