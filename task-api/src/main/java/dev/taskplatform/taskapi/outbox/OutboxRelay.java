package dev.taskplatform.taskapi.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskplatform.taskapi.publishing.EventPublisher;
import dev.taskplatform.taskapi.publishing.OutgoingRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes outbox rows to Kafka in per-task order. Each round claims a batch in one
 * transaction, sends it, waits for every acknowledgement and marks the rows published
 * before committing; if anything fails the transaction rolls back and the rows are sent
 * again later. The guarantee is therefore at-least-once, in order per task.
 * <p>
 * A round starts right after a commit that wrote rows ({@link OutboxSignal}) or at the
 * poll interval, and goes on while batches come back non-empty. It stops before the
 * producer is closed: the in-flight round finishes, no new one is claimed.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository outbox;

	private final EventPublisher publisher;

	private final TransactionalOperator transaction;

	private final OutboxSignal signal;

	private final OutboxProperties properties;

	private final Counter published;

	private final Counter failures;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	// new for every start, so that the relay can be stopped and started again
	private Sinks.Empty<Void> stopRequested = Sinks.empty();

	private CountDownLatch stopped = new CountDownLatch(0);

	private @Nullable Disposable loop;

	OutboxRelay(RelayConnections connections, JsonMapper json, EventPublisher publisher, OutboxSignal signal,
			OutboxProperties properties, MeterRegistry meters) {
		// the relay's rows are read and marked over its own connections
		this.outbox = new OutboxRepository(connections.database(), json);
		this.publisher = publisher;
		this.transaction = connections.transaction();
		this.signal = signal;
		this.properties = properties;
		this.published = Counter.builder("outbox.published")
			.description("Outbox rows published to Kafka")
			.register(meters);
		this.failures = Counter.builder("outbox.relay.failures")
			.description("Relay rounds that failed and rolled back")
			.register(meters);
	}

	@Override
	public void start() {
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		this.stopRequested = Sinks.empty();
		CountDownLatch stopped = new CountDownLatch(1);
		this.stopped = stopped;
		this.loop = Flux.merge(this.signal.commits(), Flux.interval(Duration.ZERO, this.properties.pollInterval()))
			.takeUntilOther(this.stopRequested.asMono())
			// wake-ups that arrive during a round fold into one more round
			.onBackpressureLatest()
			.concatMap((wakeUp) -> this.running.get() ? drain() : Mono.empty(), 1)
			.doFinally((signalType) -> stopped.countDown())
			.subscribe();
		logger.info("Outbox relay started (batch size {}, poll interval {})", this.properties.batchSize(),
				this.properties.pollInterval());
	}

	/** Rounds until the outbox has nothing claimable, pausing after a failure. */
	private Mono<Void> drain() {
		return Mono.defer(this::round)
			.repeat()
			.takeWhile((count) -> count > 0 && this.running.get())
			.then()
			.doOnSuccess((done) -> this.consecutiveFailures.set(0))
			.onErrorResume((ex) -> {
				this.failures.increment();
				Duration pause = backoff(this.consecutiveFailures.incrementAndGet());
				logger.warn("Outbox relay round failed, rows stay unpublished; retrying in {}: {}", pause,
						ex.getMessage());
				return Mono.delay(pause).then();
			});
	}

	/**
	 * One round: claim, publish, mark what was acknowledged, commit. If some records were
	 * not acknowledged the round still commits the others (their rows are not sent
	 * again), then fails so the relay backs off; the rest stay claimable in order.
	 */
	private Mono<Integer> round() {
		return this.outbox.claim(this.properties.batchSize())
			.collectList()
			.flatMap((rows) -> rows.isEmpty() ? Mono.just(new Round(0, null)) : publishAndMark(rows))
			.as(this.transaction::transactional)
			.timeout(this.properties.roundTimeout())
			.flatMap((round) -> (round.failure() != null) ? Mono.error(round.failure()) : Mono.just(round.claimed()));
	}

	private Mono<Round> publishAndMark(List<OutboxRow> rows) {
		List<OutgoingRecord> records = rows.stream()
			.map((row) -> new OutgoingRecord(row.topic(), row.key(), row.headers(), row.payload()))
			.toList();
		return this.publisher.publish(records).flatMap((outcome) -> {
			List<Long> acknowledged = outcome.acknowledged().stream().map((index) -> rows.get(index).id()).toList();
			Mono<Long> marked = acknowledged.isEmpty() ? Mono.just(0L) : this.outbox.markPublished(acknowledged);
			return marked.doOnSuccess((count) -> this.published.increment(acknowledged.size()))
				.thenReturn(new Round(rows.size(), outcome.failure()));
		});
	}

	/**
	 * @param claimed rows claimed in the round
	 * @param failure why some were not published, if any
	 */
	private record Round(int claimed, @Nullable Exception failure) {

	}

	private Duration backoff(int failures) {
		Duration pause = this.properties.pollInterval().multipliedBy(1L << Math.min(failures, 16));
		return (pause.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : pause;
	}

	@Override
	public void stop() {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		this.stopRequested.tryEmitEmpty();
		try {
			if (!this.stopped.await(this.properties.maxBackoff().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Outbox relay round did not finish in time; its rows will be published again later");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (this.loop != null) {
				this.loop.dispose();
			}
		}
		logger.info("Outbox relay stopped");
	}

	@Override
	public boolean isRunning() {
		return this.running.get();
	}

	/** Start before the web server accepts requests, stop after it has drained them. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
