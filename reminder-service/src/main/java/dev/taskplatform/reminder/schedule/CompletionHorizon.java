package dev.taskplatform.reminder.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.reminder.schedule.CompletionOffsets.Snapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * How far reminder-service has applied {@code task.completed}: the latest moment at which
 * every {@code task.completed} record then in Kafka has been applied, its offset
 * committed by the service's consumer group (whichever replica consumed it). A reminder
 * due at a moment fires only once the horizon has passed that moment
 * ({@link #awaitApplied}), so a completion that reached Kafka before its task's reminder
 * was due has cancelled the reminder by then, however far the consumption of
 * {@code task.completed} lags behind that of {@code task.created} (they are different
 * topics, consumed at their own pace).
 * <p>
 * Every {@code interval} it reads the topic's end offsets (a snapshot of what was in
 * Kafka at that moment) and then the group's committed offsets
 * ({@link CompletionOffsets}); the horizon moves to the moment of the newest snapshot the
 * committed offsets cover. While Kafka does not answer, or the consumer is stopped or
 * stuck, the horizon stays where it is and reminders wait: a late reminder rather than
 * one for a completed task. {@code reminders_completion_horizon_lag_seconds} shows how
 * far behind it is.
 */
@Component
class CompletionHorizon implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CompletionHorizon.class);

	/** Snapshots kept while the consumer is behind; later ones wait for a free place. */
	private static final int MAX_PENDING = 1_000;

	private final CompletionOffsets offsets;

	private final Duration interval;

	private final Clock clock;

	private final ArrayDeque<Snapshot> pending = new ArrayDeque<>();

	private Instant reached = Instant.EPOCH;

	private volatile @Nullable Admin admin;

	private volatile @Nullable ScheduledExecutorService ticker;

	private boolean failing;

	/** Stopping: waiting firings give up at once (they go back to the schedule). */
	private boolean stopped;

	CompletionHorizon(KafkaProperties kafka, ReminderProperties properties, Clock clock, MeterRegistry meters) {
		this.offsets = new CompletionOffsets(kafka, properties.horizon().interval(), clock);
		this.interval = properties.horizon().interval();
		this.clock = clock;
		Gauge.builder("reminders.completion.horizon.lag", this, CompletionHorizon::lagSeconds)
			.description("How far behind now the moment up to which task.completed has been applied is; "
					+ "reminders due after it wait")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Waits until every {@code task.completed} record that was in Kafka at {@code moment}
	 * has been applied.
	 * @param moment when the reminder became due
	 * @param maxWait how long to wait at most
	 * @throws CompletionsBehindException if the horizon did not reach {@code moment} in
	 * time
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized void awaitApplied(Instant moment, Duration maxWait) throws InterruptedException {
		long deadline = System.nanoTime() + maxWait.toNanos();
		while (this.reached.isBefore(moment)) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0 || this.stopped) {
				throw new CompletionsBehindException(moment, this.reached);
			}
			TimeUnit.NANOSECONDS.timedWait(this, remaining);
		}
	}

	synchronized Instant reached() {
		return this.reached;
	}

	private synchronized double lagSeconds() {
		return (this.reached.equals(Instant.EPOCH)) ? Double.NaN
				: Duration.between(this.reached, this.clock.instant()).toMillis() / 1000.0;
	}

	void tick() {
		try {
			Admin admin = this.admin;
			if (admin == null) {
				return;
			}
			CompletionOffsets.Offsets read = this.offsets.read(admin);
			advance(read.snapshot(), read.committed());
			if (this.failing) {
				logger.info("Reading task.completed's offsets again; reminders fire once it is applied");
				this.failing = false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			if (!this.failing) {
				logger.warn("Could not read task.completed's offsets ({}); reminders wait until it is applied",
						ex.getMessage());
				this.failing = true;
			}
		}
	}

	private synchronized void advance(Snapshot snapshot, Map<TopicPartition, OffsetAndMetadata> committed) {
		if (this.pending.size() < MAX_PENDING) {
			this.pending.addLast(snapshot);
		}
		Instant before = this.reached;
		while (!this.pending.isEmpty() && this.pending.peekFirst().coveredBy(committed)) {
			this.reached = this.pending.pollFirst().takenAt();
		}
		if (!this.reached.equals(before)) {
			notifyAll();
		}
	}

	@Override
	public void start() {
		synchronized (this) {
			this.stopped = false;
		}
		this.admin = this.offsets.openAdmin();
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "completion-horizon");
			thread.setDaemon(true);
			return thread;
		});
		this.ticker.scheduleWithFixedDelay(this::tick, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService ticker = this.ticker;
		Admin admin = this.admin;
		this.ticker = null;
		synchronized (this) {
			this.stopped = true;
			notifyAll();
		}
		if (ticker != null) {
			ticker.shutdownNow();
			try {
				ticker.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.admin = null;
		if (admin != null) {
			admin.close(Duration.ofSeconds(5));
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

	/**
	 * {@code task.completed} is not applied up to the moment a reminder became due.
	 */
	static final class CompletionsBehindException extends IllegalStateException {

		CompletionsBehindException(Instant moment, Instant reached) {
			super(((reached.equals(Instant.EPOCH)) ? "task.completed has not been applied up to any moment yet"
					: "task.completed is applied only up to " + reached) + ", not yet up to " + moment
					+ " when the reminder became due");
		}

	}

}
