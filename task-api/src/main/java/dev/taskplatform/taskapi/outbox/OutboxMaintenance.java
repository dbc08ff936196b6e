package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox small and visible: purges published rows past their retention and
 * exposes the backlog (unpublished rows, age of the oldest, parked rows) as gauges. Every
 * replica does both; the purge deletes only rows at or before the stored mark, so that it
 * never races the relay.
 */
@Component
class OutboxMaintenance implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxMaintenance.class);

	private final OutboxRepository outbox;

	private final OutboxProperties properties;

	/** Rows a purge statement deletes at most, so that no statement runs for long. */
	private static final int PURGE_CHUNK = 10_000;

	private final AtomicReference<OutboxRepository.Backlog> backlog = new AtomicReference<>(
			new OutboxRepository.Backlog(0, java.time.Duration.ZERO, 0));

	private Disposable.Composite tasks = Disposables.composite();

	private volatile boolean running;

	OutboxMaintenance(RelayConnections connections, JsonMapper json, OutboxProperties properties,
			MeterRegistry meters) {
		this.outbox = new OutboxRepository(connections.upkeep(), json);
		this.properties = properties;
		Gauge.builder("outbox.backlog.rows", this.backlog, (current) -> current.get().rows())
			.description("Outbox rows not yet published")
			.register(meters);
		TimeGauge
			.builder("outbox.backlog.oldest.age", this.backlog, TimeUnit.MILLISECONDS,
					(current) -> current.get().oldestAge().toMillis())
			.description("How long the oldest unpublished outbox row has waited")
			.register(meters);
		Gauge.builder("outbox.parked.rows", this.backlog, (current) -> current.get().parked())
			.description("Outbox rows parked in outbox_parked because Kafka kept refusing them")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		this.tasks = Disposables.composite();
		// a tick that comes while the previous query still runs is dropped, not queued
		this.tasks.add(Flux.interval(this.properties.metricsInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> this.outbox.backlog().onErrorResume((ex) -> Mono.empty()), 1)
			.subscribe(this.backlog::set));
		this.tasks.add(Flux.interval(this.properties.purgeInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> purge(), 1)
			.subscribe());
	}

	/** Deletes published rows past their retention, a chunk per statement. */
	private Mono<Long> purge() {
		Instant cutoff = Instant.now().minus(this.properties.retention());
		return Mono.defer(() -> this.outbox.purgePublishedBefore(cutoff, PURGE_CHUNK))
			.expand((purged) -> (purged == PURGE_CHUNK) ? this.outbox.purgePublishedBefore(cutoff, PURGE_CHUNK)
					: Mono.empty())
			.reduce(0L, Long::sum)
			.doOnNext((purged) -> {
				if (purged > 0) {
					logger.debug("Purged {} published outbox rows older than {}", purged, this.properties.retention());
				}
			})
			.onErrorResume((ex) -> {
				logger.warn("Outbox purge failed, will retry: {}", ex.getMessage());
				return Mono.empty();
			});
	}

	@Override
	public void stop() {
		this.running = false;
		this.tasks.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
