package dev.taskplatform.taskapi.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.taskapi.publishing.EventPublisher;
import dev.taskplatform.taskapi.publishing.OutgoingRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One relay's term as its database's only publisher, from taking the relay lock until it
 * stops or loses its connection. Every method runs on the relay's one thread, so the
 * state below needs no locking.
 * <p>
 * The term reads rows past its position into a window (in outbox order) and sends them in
 * flights of up to a batch without waiting for earlier flights' acknowledgements (several
 * flights are in the air at once; the idempotent producer keeps each partition's order).
 * The mark moves over the acknowledged head of the window and is stored a few times a
 * second. Per-key order: a row is not sent while an earlier row of its key is
 * unacknowledged (rows of other keys go past it), so a task's later event reaches Kafka
 * only after its earlier one did. A failed row is sent again after a back-off, with the
 * other failed ones; rows already acknowledged are not sent again. A row that keeps
 * failing while Kafka acknowledges other records, for longer than {@code park-after}, is
 * parked (set aside with its reason) so that it holds up nothing else; parked rows are
 * sent again every {@code parked-retry-interval}.
 * <p>
 * (Over 200 lines: the window, its flights, parking and the mark are one state machine on
 * one thread; split, their state would have to be shared.)
 */
final class RelayTerm {

	private static final Logger logger = LoggerFactory.getLogger(RelayTerm.class);

	/** Parked rows sent again at once: each may block its send for max.block.ms. */
	private static final int PARKED_RETRY_BATCH = 16;

	private final OutboxRepository outbox;

	private final EventPublisher publisher;

	private final OutboxSignal signal;

	private final OutboxProperties properties;

	private final Scheduler thread;

	private final Counters counters;

	private final Sinks.Empty<Void> ended = Sinks.empty();

	/** The periodic tasks; one-shot timers find the term over and do nothing. */
	private final Disposable.Composite timers = Disposables.composite();

	/**
	 * Rows read and not yet acknowledged (or parked), in outbox order, after the mark.
	 */
	private final ArrayDeque<Entry> window = new ArrayDeque<>();

	/**
	 * The unacknowledged row of each key that is in the air or failed: later rows wait.
	 */
	private final Map<String, Entry> unacknowledgedKeys = new HashMap<>();

	private final int windowLimit;

	/** Every row at or before it was acknowledged or parked. */
	private OutboxPosition mark;

	private OutboxPosition storedMark;

	private long storedAt;

	/** The last row read. */
	private OutboxPosition readPosition;

	private int waitingCount;

	private boolean readWanted = true;

	private boolean reading;

	private int emptyRereads;

	private boolean storing;

	private boolean storeScheduled;

	private boolean parking;

	private boolean retryingParked;

	/** Where the next retry of parked rows starts, so that none is starved. */
	private OutboxPosition parkedCursor = OutboxPosition.START;

	private boolean stopping;

	private boolean over;

	private int flightsInAir;

	private int consecutiveFailures;

	/** Acknowledgements so far. */
	private long acknowledgements;

	/** Records that failed so far. */
	private long failures;

	RelayTerm(OutboxRepository outbox, EventPublisher publisher, OutboxSignal signal, OutboxProperties properties,
			Scheduler thread, Counters counters, OutboxPosition mark) {
		this.outbox = outbox;
		this.publisher = publisher;
		this.signal = signal;
		this.properties = properties;
		this.thread = thread;
		this.counters = counters;
		this.windowLimit = properties.batchSize() * properties.flights();
		this.mark = mark;
		this.storedMark = mark;
		this.readPosition = mark;
		this.storedAt = now();
	}

	/** Runs the term: completes once it has stopped, fails when its connection failed. */
	Mono<Void> run() {
		return Mono.defer(() -> {
			long poll = this.properties.pollInterval().toMillis();
			this.timers.add(this.thread.schedulePeriodically(this::poll, poll, poll, TimeUnit.MILLISECONDS));
			long parkedRetry = this.properties.parkedRetryInterval().toMillis();
			this.timers.add(this.thread.schedulePeriodically(this::retryParked, parkedRetry, parkedRetry,
					TimeUnit.MILLISECONDS));
			this.thread.schedule(this::pump);
			return this.ended.asMono();
		});
	}

	/** New rows may have been committed. Any thread. */
	void wake() {
		this.thread.schedule(() -> {
			this.readWanted = true;
			pump();
		});
	}

	/**
	 * Stops reading and sending; the term ends once the flights in the air have landed
	 * and the mark is stored. Any thread.
	 */
	void stop() {
		this.thread.schedule(() -> {
			this.stopping = true;
			pump();
		});
	}

	private void poll() {
		this.readWanted = true;
		pump();
	}

	private void later(Runnable task, long delayMillis) {
		this.thread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
	}

	/** Does whatever can be done now. Called after every event. */
	private void pump() {
		if (this.over) {
			return;
		}
		advance();
		if (!this.stopping) {
			resendDue();
			sendWaiting();
			read();
		}
		storeMark();
		// a retry of parked rows is not waited for: a row it published but did not
		// unpark yet is only sent once more, later
		if (this.stopping && this.flightsInAir == 0 && !this.reading && !this.storing && !this.parking
				&& this.mark.equals(this.storedMark)) {
			end(null);
		}
	}

	/**
	 * Moves the mark over the acknowledged head of the window, parking a hopeless head.
	 */
	private void advance() {
		while (!this.window.isEmpty()) {
			Entry head = this.window.peekFirst();
			if (head.state == State.ACKNOWLEDGED) {
				this.window.pollFirst();
				this.mark = head.row.position();
			}
			else {
				if (head.state == State.FAILED && !this.parking && !this.stopping && parkable(head)) {
					park(head);
				}
				return;
			}
		}
	}

	private boolean parkable(Entry entry) {
		return entry.failingAloneSince != 0 && entry.lastError != null
				&& now() - entry.failingAloneSince >= this.properties.parkAfter().toMillis();
	}

	private void park(Entry head) {
		this.parking = true;
		head.state = State.PARKING;
		String reason = describe(head.lastError);
		this.outbox.park(head.row.position(), reason)
			.timeout(this.properties.statementTimeout())
			.publishOn(this.thread)
			.subscribe(null, this::end, () -> {
				this.parking = false;
				if (this.over) {
					return;
				}
				logger.warn(
						"Parked outbox row {} (topic {}, key {}) in outbox_parked: Kafka refused it for over {} "
								+ "while it took other records: {}",
						head.row.position(), head.row.topic(), head.row.key(), this.properties.parkAfter(), reason);
				this.counters.parked().increment();
				acknowledged(head);
				if (this.storedMark.compareTo(head.row.position()) < 0) {
					this.storedMark = head.row.position();
				}
				pump();
			});
	}

	/**
	 * Sends parked rows again, a few at a time from a cursor that wraps around, and
	 * removes those Kafka acknowledged from {@code outbox_parked}: a row parked during a
	 * long partial outage is published once its partition is back, after later events of
	 * its task.
	 */
	private void retryParked() {
		if (this.over || this.stopping || this.retryingParked) {
			return;
		}
		this.retryingParked = true;
		this.outbox.parkedAfter(this.parkedCursor, PARKED_RETRY_BATCH)
			.timeout(this.properties.statementTimeout())
			.publishOn(this.thread)
			.subscribe((rows) -> {
				if (this.over) {
					return;
				}
				this.parkedCursor = (rows.size() < PARKED_RETRY_BATCH) ? OutboxPosition.START
						: rows.get(rows.size() - 1).position();
				if (rows.isEmpty()) {
					this.retryingParked = false;
					return;
				}
				this.publisher.publish(rows.stream().map(RelayTerm::outgoing).toList())
					.publishOn(this.thread)
					.subscribe((outcome) -> unpark(rows, outcome));
			}, (ex) -> {
				this.retryingParked = false;
				end(ex);
			});
	}

	private void unpark(List<OutboxRow> rows, EventPublisher.Outcome outcome) {
		if (this.over) {
			return;
		}
		List<OutboxPosition> published = outcome.acknowledged()
			.stream()
			.map((index) -> rows.get(index).position())
			.toList();
		this.outbox.unpark(published)
			.timeout(this.properties.statementTimeout())
			.publishOn(this.thread)
			.subscribe((unparked) -> {
				this.retryingParked = false;
				if (unparked > 0) {
					logger.info("Published {} parked outbox rows", unparked);
					this.counters.published().increment(unparked);
				}
			}, (ex) -> {
				this.retryingParked = false;
				end(ex);
			});
	}

	/** Sends failed rows again once their back-off has passed, in outbox order. */
	private void resendDue() {
		if (this.flightsInAir >= this.properties.flights()) {
			return;
		}
		long now = now();
		List<Entry> flight = new ArrayList<>();
		for (Entry entry : this.window) {
			if (entry.state == State.FAILED && entry.resendAt <= now) {
				flight.add(entry);
				if (flight.size() == this.properties.batchSize()) {
					break;
				}
			}
		}
		if (!flight.isEmpty()) {
			send(flight);
		}
	}

	/**
	 * Sends the rows read, in flights, each unless an earlier row of its key is
	 * unacknowledged: those wait, and the rows of other keys go past them.
	 */
	private void sendWaiting() {
		while (this.waitingCount > 0 && this.flightsInAir < this.properties.flights()) {
			List<Entry> flight = new ArrayList<>();
			Set<String> held = new HashSet<>();
			for (Entry entry : this.window) {
				if (entry.state != State.WAITING) {
					continue;
				}
				String key = entry.row.key();
				if (this.unacknowledgedKeys.containsKey(key) || held.contains(key)) {
					// its key's earlier row is in the air or failed, or waits itself
					held.add(key);
					continue;
				}
				this.unacknowledgedKeys.put(key, entry);
				flight.add(entry);
				if (flight.size() == this.properties.batchSize()) {
					break;
				}
			}
			if (flight.isEmpty()) {
				return;
			}
			this.waitingCount -= flight.size();
			send(flight);
		}
	}

	private void send(List<Entry> flight) {
		this.flightsInAir++;
		List<OutgoingRecord> records = new ArrayList<>(flight.size());
		for (Entry entry : flight) {
			if (entry.state == State.WAITING) {
				entry.acknowledgementsAtLastAttempt = this.acknowledgements;
				entry.failuresAtLastAttempt = this.failures;
			}
			entry.state = State.IN_FLIGHT;
			records.add(outgoing(entry.row));
		}
		this.publisher.publish(records)
			.onErrorResume((ex) -> Mono.just(new EventPublisher.Outcome(List.of(), Map.of())))
			.publishOn(this.thread)
			.subscribe((outcome) -> landed(flight, outcome));
	}

	private static OutgoingRecord outgoing(OutboxRow row) {
		return new OutgoingRecord(row.topic(), row.key(), row.headers(), row.payload());
	}

	private void landed(List<Entry> flight, EventPublisher.Outcome outcome) {
		this.flightsInAir--;
		if (this.over) {
			return;
		}
		for (int index : outcome.acknowledged()) {
			acknowledged(flight.get(index));
		}
		this.counters.published().increment(outcome.acknowledged().size());
		if (outcome.allAcknowledged(flight.size())) {
			this.consecutiveFailures = 0;
		}
		else {
			failed(flight, outcome);
		}
		pump();
	}

	private void acknowledged(Entry entry) {
		if (entry.state != State.PARKING) {
			this.counters.latency().record(Duration.between(entry.row.createdAt(), Instant.now()));
		}
		entry.state = State.ACKNOWLEDGED;
		this.acknowledgements++;
		this.unacknowledgedKeys.remove(entry.row.key(), entry);
	}

	private void failed(List<Entry> flight, EventPublisher.Outcome outcome) {
		this.consecutiveFailures++;
		this.counters.failures().increment();
		Duration backoff = backoff(this.consecutiveFailures);
		long now = now();
		long failuresBefore = this.failures;
		this.failures += flight.size() - outcome.acknowledged().size();
		for (int index = 0; index < flight.size(); index++) {
			Entry entry = flight.get(index);
			if (entry.state != State.IN_FLIGHT) {
				continue;
			}
			entry.state = State.FAILED;
			entry.resendAt = now + backoff.toMillis();
			Exception error = outcome.failed().get(index);
			if (error != null) {
				entry.lastError = error;
				judge(entry, failuresBefore, outcome.failed().size() - 1);
			}
			entry.acknowledgementsAtLastAttempt = this.acknowledgements;
			entry.failuresAtLastAttempt = this.failures;
		}
		logger.warn("Outbox relay: {} of {} records not acknowledged, sending them again in {}: {}",
				flight.size() - outcome.acknowledged().size(), flight.size(), backoff,
				describe(outcome.firstFailure()));
		later(this::pump, backoff.toMillis());
	}

	/**
	 * Whether a failure is the record's own: Kafka acknowledged other records since its
	 * previous attempt (its clock to parking starts, if not yet), or other records failed
	 * and none was acknowledged (an outage: the clock stops). With neither, nothing is
	 * learnt.
	 */
	private void judge(Entry entry, long failuresBefore, int othersInTheFlight) {
		boolean othersAcknowledged = this.acknowledgements > entry.acknowledgementsAtLastAttempt;
		boolean othersFailed = othersInTheFlight > 0 || failuresBefore > entry.failuresAtLastAttempt;
		if (othersAcknowledged) {
			if (entry.failingAloneSince == 0) {
				entry.failingAloneSince = now();
			}
		}
		else if (othersFailed) {
			entry.failingAloneSince = 0;
		}
	}

	private void read() {
		if (!this.readWanted || this.reading || this.window.size() >= this.windowLimit) {
			return;
		}
		this.reading = true;
		this.readWanted = false;
		this.outbox.readAfter(this.readPosition, this.properties.batchSize())
			.timeout(this.properties.statementTimeout())
			.publishOn(this.thread)
			.subscribe(this::read, this::end);
	}

	private void read(OutboxRepository.Page page) {
		this.reading = false;
		if (this.over) {
			return;
		}
		if (!page.rows().isEmpty()) {
			for (OutboxRow row : page.rows()) {
				this.window.addLast(new Entry(row));
			}
			this.waitingCount += page.rows().size();
			this.readPosition = page.rows().get(page.rows().size() - 1).position();
			// there may be more: read on until a page comes back empty
			this.readWanted = true;
			this.emptyRereads = 0;
		}
		else if (this.signal.newestCommitted() >= page.horizon()) {
			// a commit we were told of is not visible
			// yet: an older transaction still runs
			long delay = Math.min(1L << Math.min(this.emptyRereads++, 10), this.properties.pollInterval().toMillis());
			later(this::poll, delay);
		}
		pump();
	}

	/**
	 * Stores the mark, at most once per {@code mark-interval} (and once more at the end):
	 * after a crash the rows after the stored mark are sent again, so a late store costs
	 * duplicates, never a loss. Storing also keeps the connection, and so the relay lock,
	 * from idling out.
	 */
	private void storeMark() {
		if (this.storing || this.parking) {
			return;
		}
		long sinceStored = now() - this.storedAt;
		boolean advanced = this.mark.compareTo(this.storedMark) > 0;
		boolean due = advanced && (this.stopping || sinceStored >= this.properties.markInterval().toMillis());
		boolean heartbeat = sinceStored >= this.properties.pollInterval().multipliedBy(10).toMillis();
		if (!due && !heartbeat) {
			if (advanced && !this.storeScheduled) {
				this.storeScheduled = true;
				later(() -> {
					this.storeScheduled = false;
					pump();
				}, this.properties.markInterval().toMillis() - sinceStored);
			}
			return;
		}
		this.storing = true;
		OutboxPosition target = this.mark;
		this.outbox.storeMark(target)
			.timeout(this.properties.statementTimeout())
			.publishOn(this.thread)
			.subscribe(null, this::end, () -> {
				this.storing = false;
				this.storedAt = now();
				if (this.storedMark.compareTo(target) < 0) {
					this.storedMark = target;
				}
				pump();
			});
	}

	private void end(@Nullable Throwable failure) {
		if (this.over) {
			return;
		}
		this.over = true;
		this.timers.dispose();
		if (failure == null) {
			this.ended.tryEmitEmpty();
		}
		else {
			this.ended.tryEmitError(failure);
		}
	}

	private Duration backoff(int failures) {
		Duration pause = this.properties.pollInterval().multipliedBy(1L << Math.min(failures, 16));
		return (pause.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : pause;
	}

	private static String describe(@Nullable Exception error) {
		if (error == null) {
			return "no acknowledgement";
		}
		String message = error.getMessage();
		return error.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private static long now() {
		return System.nanoTime() / 1_000_000;
	}

	private enum State {

		WAITING, IN_FLIGHT, ACKNOWLEDGED, FAILED, PARKING

	}

	/** A row in the window. */
	private static final class Entry {

		private final OutboxRow row;

		private State state = State.WAITING;

		/** Acknowledgements of all records at its last attempt. */
		private long acknowledgementsAtLastAttempt;

		/** Failed records of all at its last attempt. */
		private long failuresAtLastAttempt;

		private long resendAt;

		/**
		 * Since when it has failed while Kafka acknowledged other records, with no sign
		 * of an outage since; 0 if not.
		 */
		private long failingAloneSince;

		private @Nullable Exception lastError;

		private Entry(OutboxRow row) {
			this.row = row;
		}

	}

	/**
	 * The relay's meters, shared by its terms.
	 *
	 * @param published records acknowledged
	 * @param failures flights with a record not acknowledged
	 * @param parked rows parked
	 * @param latency from the start of a row's transaction to Kafka's acknowledgement
	 */
	record Counters(Counter published, Counter failures, Counter parked, Timer latency) {

	}

}
