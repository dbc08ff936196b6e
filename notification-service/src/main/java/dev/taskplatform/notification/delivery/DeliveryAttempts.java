package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.consumer.RecordTraces;
import dev.taskplatform.consumer.RetryLater;
import dev.taskplatform.consumer.TransientFailures;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.notification.ledger.Notification;
import dev.taskplatform.notification.ledger.NotificationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Attempts the delivery of one event of a batch and settles what came of it. A delivery
 * is one attempt. One the receiver took joins the batch's {@link BatchOutcomes},
 * committed SENT with the others. One the receiver refused, or that failed in a way that
 * would only repeat itself, is marked FAILED and the event goes to its dead-letter topic.
 * One the receiver could not take (408, 429, 5xx, timeout, unreachable, see
 * {@link RetryPolicy}) is attempted again after the policy's pause: the attempt and its
 * time are committed in the row, and the batch ends there with {@link RetryLater}, so
 * that the event's partition is paused until then (no listener thread sleeps) and
 * whichever consumer gets the event next waits until then too. Out of attempts, the event
 * fails only if the receiver took another delivery since the event's last attempt came
 * due (after its previous failed attempt and back-off); otherwise it goes on waiting for
 * the receiver. While the {@link ReceiverBreaker} is open no attempt is made: the event
 * waits without using one.
 * <p>
 * Whenever the batch ends at the event ({@link Batches.Incomplete}), the outcomes before
 * it are committed first. A database outage during an attempt fails the whole batch
 * instead, which the error handler retries until the database is back.
 */
@Component
class DeliveryAttempts {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryAttempts.class);

	private final NotificationRepository repository;

	private final DeliveryChannel channel;

	private final Clock clock;

	private final RecordTraces traces;

	private final RetryPolicy retry;

	private final ReceiverBreaker breaker;

	DeliveryAttempts(NotificationRepository repository, DeliveryChannel channel, Clock clock, RecordTraces traces,
			NotificationProperties properties, ReceiverBreaker breaker) {
		this.repository = repository;
		this.channel = channel;
		this.clock = clock;
		this.traces = traces;
		this.retry = RetryPolicy.of(properties.webhook());
		this.breaker = breaker;
	}

	/**
	 * Attempts the delivery of an event, unless it has to wait.
	 * @param index the event's position in its batch
	 * @param received the event
	 * @param notification its row, PENDING or FAILED
	 * @param outcomes the batch's outcomes not committed yet
	 * @throws Batches.Incomplete when the batch ends at this event: its delivery failed
	 * for good, it waits for its next attempt, or the service is stopping
	 */
	void attempt(int index, ReceivedEvent received, Notification notification, BatchOutcomes outcomes) {
		IncomingEvent incoming = received.event();
		NotificationRequest request = received.request();
		// a PENDING delivery goes on with its attempts; a FAILED event replayed from its
		// dead-letter topic is a new delivery
		boolean pending = notification.status() == Notification.Status.PENDING;
		Instant notBefore = pending ? notification.nextAttemptAt() : null;
		if (notBefore != null && this.clock.instant().isBefore(notBefore)) {
			// e.g. consumed by another replica after a rebalance, before its time
			outcomes.commit();
			throw new Batches.Incomplete(index, "",
					new RetryLater("Event " + notification.eventId() + " waits for its next attempt", notBefore));
		}
		Instant breakerWait = this.breaker.permission();
		if (breakerWait != null) {
			// the receiver is down: nothing is attempted, failed or dead-lettered; the
			// partition waits until the breaker lets probes through
			outcomes.commit();
			throw new Batches.Incomplete(index, "", new RetryLater(
					"The webhook receiver is unavailable: event " + notification.eventId() + " waits", breakerWait));
		}
		int attempt = (pending ? notification.attempts() : 0) + 1;
		DeliveryChannel.Delivery delivery;
		long started = System.nanoTime();
		// the receiver has to take another delivery after this event's previous failed
		// attempt (its next attempt was due after it), or after this attempt began
		Instant receiverTookOthersAfter = (notBefore != null && attempt > 1) ? notBefore : this.clock.instant();
		try {
			delivery = this.traces.inTraceOf(received.traceparent(), "notification delivery",
					() -> this.channel.deliver(new Message(notification.eventId(), request.kind(), request.taskId(),
							request.title(), request.requiredAssignee(), request.dueAt())));
		}
		catch (RuntimeException ex) {
			this.breaker.abandoned();
			if (TransientFailures.isTransient(ex)) {
				// the database is away: the error handler
				// retries the batch until it is back
				throw ex;
			}
			outcomes.commit();
			if (Thread.currentThread().isInterrupted()) {
				// the service is stopping: the row stays PENDING, the record comes again
				throw new Batches.Incomplete(index, "Interrupted while delivering event " + notification.eventId(), ex);
			}
			// anything else would only repeat itself: record the failure, dead-letter it
			markFailedQuietly(notification, attempt, ex);
			throw new Batches.Incomplete(index, "", new NotRetryableException("Notification " + notification.id()
					+ " for event " + notification.eventId() + " failed: " + ex.getMessage(), ex));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		String error = (delivery.error() != null) ? delivery.error() : "delivery failed";
		switch (delivery.outcome()) {
			case SENT -> {
				this.breaker.took(took);
				outcomes.sent(incoming, new NotificationRepository.Sent(notification.id(), attempt,
						this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
			}
			case REFUSED -> {
				this.breaker.refused(took);
				fail(index, incoming, notification, attempt, error, outcomes);
			}
			case UNAVAILABLE -> {
				this.breaker.unavailable(took, error);
				boolean lastAttempt = !this.retry.mayRetry(attempt);
				// out of attempts, it fails only if the receiver took another delivery
				// since this attempt came due: while the receiver is down, an event
				// waits for it however long it takes
				if (lastAttempt && this.breaker.tookOthersAfter(receiverTookOthersAfter)) {
					fail(index, incoming, notification, attempt, error + " (" + attempt + " attempts)", outcomes);
				}
				outcomes.commit();
				Instant next = this.clock.instant().plus(this.retry.pause(attempt, delivery.retryAfter()));
				Instant reopens = this.breaker.openUntil();
				if (reopens != null && reopens.isAfter(next)) {
					next = reopens;
				}
				next = next.truncatedTo(ChronoUnit.MICROS);
				this.repository.markRetrying(notification.id(), this.channel.name(), attempt, error, next);
				if (lastAttempt) {
					logger.warn(
							"Event {}: {}; {} attempts, but the receiver takes no other delivery either: "
									+ "it waits for the receiver, next attempt at {}",
							notification.eventId(), error, attempt, next);
				}
				else {
					logger.warn("Event {}: {}; attempt {} of {} at {}", notification.eventId(), error, attempt + 1,
							this.retry.maxAttempts(), next);
				}
				// its partition waits until then; the listener goes on with the others
				throw new Batches.Incomplete(index, "",
						new RetryLater("Event " + notification.eventId() + ": " + error, next));
			}
		}
	}

	/** Commits the failure: the record goes to its dead-letter topic for replay. */
	private void fail(int index, IncomingEvent incoming, Notification notification, int attempts, String error,
			BatchOutcomes outcomes) {
		outcomes.commit();
		logger.warn("Event {}: delivery failed: {}", notification.eventId(), error);
		this.repository.markFailed(notification.id(), this.channel.name(), attempts, error);
		outcomes.processed(incoming);
		throw new Batches.Incomplete(index, "", new NotRetryableException(
				"Notification " + notification.id() + " for event " + notification.eventId() + " failed: " + error));
	}

	private void markFailedQuietly(Notification notification, int attempts, RuntimeException failure) {
		try {
			this.repository.markFailed(notification.id(), this.channel.name(), attempts,
					String.valueOf(failure.getMessage()));
		}
		catch (RuntimeException ex) {
			// the row stays PENDING: the record on
			// the dead-letter topic delivers it again
			logger.warn("Could not mark notification {} FAILED: {}", notification.id(), ex.getMessage());
		}
	}

}
