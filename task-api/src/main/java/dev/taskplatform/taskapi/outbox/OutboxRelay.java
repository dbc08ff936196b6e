package dev.taskplatform.taskapi.outbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskplatform.taskapi.publishing.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes the outbox to Kafka, at-least-once and in order per task. Of all replicas on
 * one database only the one holding the relay lock ({@link RelayLock}) publishes, for a
 * term ({@link RelayTerm}); the others try to take over every {@code takeover-interval}.
 * A term ends when the relay stops or its session fails; the lock is then released and
 * whoever takes it next goes on from the stored mark.
 * <p>
 * It starts before the web server accepts requests and stops after the server has drained
 * them, before the producer is closed: the flights in the air land, the mark is stored,
 * no new row is read.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final RelayConnections connections;

	private final JsonMapper json;

	private final EventPublisher publisher;

	private final OutboxSignal signal;

	private final OutboxProperties properties;

	private final RelayTerm.Counters counters;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile @Nullable RelayTerm term;

	private CountDownLatch stopped = new CountDownLatch(0);

	private @Nullable Scheduler thread;

	private @Nullable Disposable campaign;

	private @Nullable Disposable wakeUps;

	OutboxRelay(RelayConnections connections, JsonMapper json, EventPublisher publisher, OutboxSignal signal,
			OutboxProperties properties, MeterRegistry meters) {
		this.connections = connections;
		this.json = json;
		this.publisher = publisher;
		this.signal = signal;
		this.properties = properties;
		this.counters = new RelayTerm.Counters(
				Counter.builder("outbox.published").description("Outbox rows published to Kafka").register(meters),
				Counter.builder("outbox.relay.failures")
					.description("Flights of the relay with a record Kafka did not acknowledge")
					.register(meters),
				Counter.builder("outbox.parked").description("Outbox rows parked by this replica").register(meters),
				Timer.builder("outbox.publish.latency")
					.description("From the start of an outbox row's transaction to Kafka's acknowledgement")
					.publishPercentileHistogram()
					.register(meters));
		Gauge.builder("outbox.relay.leader", this, (relay) -> (relay.term != null) ? 1 : 0)
			.description("1 while this replica is the one that publishes the outbox")
			.register(meters);
	}

	@Override
	public void start() {
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		Scheduler thread = Schedulers.newSingle("outbox-relay", true);
		this.thread = thread;
		CountDownLatch stopped = new CountDownLatch(1);
		this.stopped = stopped;
		this.wakeUps = this.signal.commits().subscribe((commit) -> {
			RelayTerm current = this.term;
			if (current != null) {
				current.wake();
			}
		});
		this.campaign = Mono.defer(() -> campaign(thread)).onErrorResume((ex) -> {
			logger.warn("Outbox relay lost its database session, trying again in {}: {}",
					this.properties.takeoverInterval(), ex.getMessage());
			return Mono.delay(this.properties.takeoverInterval()).then();
		}).repeat(this.running::get).doFinally((signalType) -> stopped.countDown()).subscribe();
		logger.info("Outbox relay started (batch size {}, {} flights, poll interval {})", this.properties.batchSize(),
				this.properties.flights(), this.properties.pollInterval());
	}

	/**
	 * Opens a session and tries the lock until it gets it or the relay stops; then
	 * publishes for one term. The session is closed at the end, which releases the lock.
	 */
	private Mono<Void> campaign(Scheduler thread) {
		return Mono.usingWhen(RelayLock.open(this.connections.driver(), this.properties.leaderTimeout()),
				(lock) -> lock.tryLock()
					.flatMap((locked) -> locked ? lead(lock, thread).thenReturn(true)
							: Mono.delay(this.properties.takeoverInterval()).thenReturn(false))
					.repeat(() -> this.running.get() && this.term == null)
					.takeUntil((led) -> led)
					.then(),
				RelayLock::close, (lock, ex) -> lock.close(), RelayLock::close);
	}

	private Mono<Void> lead(RelayLock lock, Scheduler thread) {
		OutboxRepository outbox = new OutboxRepository(lock.database(), this.json);
		return outbox.mark()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("outbox_relay_mark has no row")))
			.flatMap((mark) -> {
				RelayTerm term = new RelayTerm(outbox, this.publisher, this.signal, this.properties, thread,
						this.counters, mark);
				this.term = term;
				logger.info("Outbox relay took the relay lock: this replica publishes the outbox, from {}", mark);
				if (!this.running.get()) {
					term.stop();
				}
				return term.run();
			})
			.doFinally((signalType) -> {
				if (this.term != null) {
					logger.info("Outbox relay gave up the relay lock");
				}
				this.term = null;
			});
	}

	@Override
	public void stop() {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		RelayTerm current = this.term;
		if (current != null) {
			current.stop();
		}
		try {
			if (!this.stopped.await(this.properties.maxBackoff().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Outbox relay did not stop in time; rows after its stored mark will be published again");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			dispose(this.campaign);
			dispose(this.wakeUps);
			if (this.thread != null) {
				this.thread.dispose();
			}
		}
		logger.info("Outbox relay stopped");
	}

	private static void dispose(@Nullable Disposable disposable) {
		if (disposable != null) {
			disposable.dispose();
		}
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
