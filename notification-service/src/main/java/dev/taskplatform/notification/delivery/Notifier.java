package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.consumer.RecordTraces;
import dev.taskplatform.consumer.RetryLater;
import dev.taskplatform.consumer.TransientFailures;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.notification.ledger.Notification;
import dev.taskplatform.notification.ledger.NotificationRepository;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Notifies once per event, a poll's events at a time. The batch is recorded first (one
 * insert of PENDING rows, or SKIPPED when there is nobody to notify, and one select of
 * the rows recorded earlier) in one short transaction. The deliveries then run one by
 * one, in order, outside any transaction (no connection held during HTTP calls); their
 * outcomes are committed afterwards, the SENT ones with one statement. A crash in between
 * leaves PENDING rows, and the redelivered events deliver again; so does a FAILED event
 * redriven from its dead-letter topic. An event whose row is SENT or SKIPPED, or that
 * came earlier in the same batch, changes nothing.
 * <p>
 * A delivery is one attempt. One the receiver could not take (408, 429, 5xx, timeout,
 * unreachable, see {@link RetryPolicy}) is attempted again after the policy's pause: the
 * attempt and its time are committed in the row, and the batch ends there with
 * {@link RetryLater}, so that the event's partition is paused until then (no listener
 * thread sleeps) and whichever consumer gets the event next waits until then too. Out of
 * attempts, the event fails only if the receiver took another delivery after its previous
 * failed attempt; otherwise it goes on waiting for the receiver. While the
 * {@link ReceiverBreaker} is open no attempt is made: the event waits without using one.
 * <p>
 * A batch ends early at an event ({@link Batches.Incomplete}) when its delivery failed
 * for good, waits for its next attempt, when the service is stopping, or when the poll's
 * time budget is spent: the outcomes before it are committed first, so only it and the
 * events after it are left.
 */
@Service
class Notifier {

	private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

	private final NotificationRepository repository;

	private final DeliveryChannel channel;

	private final EventMetrics metrics;

	private final Clock clock;

	private final RecordTraces traces;

	private final Duration pollBudget;

	private final RetryPolicy retry;

	private final ReceiverBreaker breaker;

	Notifier(NotificationRepository repository, DeliveryChannel channel, EventMetrics metrics, Clock clock,
			RecordTraces traces, NotificationProperties properties, ReceiverBreaker breaker) {
		this.repository = repository;
		this.channel = channel;
		this.metrics = metrics;
		this.clock = clock;
		this.traces = traces;
		this.pollBudget = properties.pollBudget();
		this.retry = RetryPolicy.of(properties.webhook());
		this.breaker = breaker;
	}

	/**
	 * Notifies the assignees of a batch of events' tasks, unless that was done already.
	 * @param events {@code task.created} and {@code task.reminder.due} events in the
	 * order consumed
	 * @param stopping whether the service is stopping (no further delivery starts)
	 * @throws Batches.Incomplete when the batch ended early at an event: the events
	 * before it are done
	 */
	void notify(List<Received> events, BooleanSupplier stopping) {
		Instant start = this.clock.instant();
		Map<String, Notification> candidates = new LinkedHashMap<>();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		for (Received received : events) {
			candidates.putIfAbsent(received.event().attributes().id(),
					received.request().candidate(received.event(), this.channel, now));
		}
		Map<String, NotificationRepository.Recorded> recorded = this.repository
			.recordAll(List.copyOf(candidates.values()));
		Outcomes outcomes = new Outcomes();
		Set<String> seen = new HashSet<>();
		for (int index = 0; index < events.size(); index++) {
			Received received = events.get(index);
			IncomingEvent incoming = received.event();
			NotificationRepository.Recorded record = recorded.get(incoming.attributes().id());
			if (record == null) {
				throw new IllegalStateException("Event " + incoming.attributes().id() + " was not recorded");
			}
			Notification notification = record.notification();
			if (!seen.add(notification.eventId()) || (!record.isNew() && notification.status().isFinal())) {
				logger.debug("Event {} already handled ({})", notification.eventId(), notification.status());
				this.metrics.duplicate(incoming.attributes().type());
				continue;
			}
			if (notification.status() == Notification.Status.SKIPPED) {
				logger.debug("Event {}: task {} has no assignee, nobody to notify", notification.eventId(),
						notification.taskId());
				processed(incoming);
				continue;
			}
			String reason = reasonToStopBefore(index, start, stopping);
			if (reason != null) {
				outcomes.commit();
				String message = reason + ": event " + notification.eventId() + " and the "
						+ (events.size() - index - 1) + " after it are consumed again";
				logger.info(message);
				throw new Batches.Incomplete(index, message, null);
			}
			deliver(index, received, notification, outcomes);
		}
		outcomes.commit();
	}

	private void deliver(int index, Received received, Notification notification, Outcomes outcomes) {
		IncomingEvent incoming = received.event();
		Request request = received.request();
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
				// the database is away: the error handler retries the batch until it is
				// back
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
				// between this event's last failures: while the receiver is down, an
				// event
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
			Outcomes outcomes) {
		outcomes.commit();
		logger.warn("Event {}: delivery failed: {}", notification.eventId(), error);
		this.repository.markFailed(notification.id(), this.channel.name(), attempts, error);
		processed(incoming);
		throw new Batches.Incomplete(index, "", new NotRetryableException(
				"Notification " + notification.id() + " for event " + notification.eventId() + " failed: " + error));
	}

	/**
	 * Why no further delivery starts in this batch, if so. The first delivery of a batch
	 * always starts, so that every poll makes progress.
	 */
	private @Nullable String reasonToStopBefore(int index, Instant start, BooleanSupplier stopping) {
		if (Thread.currentThread().isInterrupted() || stopping.getAsBoolean()) {
			return "Stopping";
		}
		if (index > 0 && Duration.between(start, this.clock.instant()).compareTo(this.pollBudget) >= 0) {
			return "The poll's time budget (" + this.pollBudget + ") is spent";
		}
		return null;
	}

	private void markFailedQuietly(Notification notification, int attempts, RuntimeException failure) {
		try {
			this.repository.markFailed(notification.id(), this.channel.name(), attempts,
					String.valueOf(failure.getMessage()));
		}
		catch (RuntimeException ex) {
			// the row stays PENDING: the record on the dead-letter topic delivers it
			// again
			logger.warn("Could not mark notification {} FAILED: {}", notification.id(), ex.getMessage());
		}
	}

	private void processed(IncomingEvent incoming) {
		this.metrics.processed(incoming.attributes().type(), incoming.latencyUntil(this.clock.instant()));
	}

	/**
	 * The deliveries of a batch not committed yet.
	 */
	private final class Outcomes {

		private final List<NotificationRepository.Sent> sent = new ArrayList<>();

		private final List<IncomingEvent> events = new ArrayList<>();

		void sent(IncomingEvent incoming, NotificationRepository.Sent delivery) {
			this.sent.add(delivery);
			this.events.add(incoming);
		}

		/** Commits the deliveries so far with one statement. */
		void commit() {
			if (this.sent.isEmpty()) {
				return;
			}
			Notifier.this.repository.markSent(Notifier.this.channel.name(), this.sent);
			// committed: that is the end of these events' end-to-end latency
			this.events.forEach(Notifier.this::processed);
			this.sent.clear();
			this.events.clear();
		}

	}

	/**
	 * An event of a batch.
	 *
	 * @param event the event
	 * @param traceparent the W3C trace context its record carries, if any
	 * @param request what it asks for
	 */
	record Received(IncomingEvent event, @Nullable String traceparent, Request request) {

		/**
		 * @throws NotRetryableException for an event this service does not handle or
		 * cannot record
		 */
		static Received of(IncomingEvent event, @Nullable String traceparent) {
			return new Received(event, traceparent, Request.of(event));
		}

	}

	/** What an event asks for. */
	record Request(Notification.Kind kind, UUID taskId, String title, @Nullable String assignee,
			@Nullable Instant dueAt) {

		static Request of(IncomingEvent incoming) {
			Request request = switch (incoming.event()) {
				case TaskCreated created -> new Request(Notification.Kind.TASK_ASSIGNED, created.taskId(),
						created.title(), blankToNull(created.assignee()), created.dueAt());
				case ReminderDue due -> new Request(Notification.Kind.REMINDER, due.taskId(), due.title(),
						blankToNull(due.assignee()), due.dueAt());
				default -> throw new NotRetryableException(
						"notification-service does not handle " + incoming.attributes().type() + " events");
			};
			// text columns cannot hold U+0000: such an event could never be recorded, and
			// it would fail the whole batch's insert
			if (hasNul(incoming.attributes().id()) || hasNul(request.assignee())) {
				throw new NotRetryableException("Event " + incoming.attributes().id().replace('\0', '?')
						+ ": its id or assignee contains U+0000");
			}
			return request;
		}

		Notification candidate(IncomingEvent incoming, DeliveryChannel channel, Instant now) {
			if (this.assignee == null) {
				return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId, null,
						null, Notification.Status.SKIPPED, 0, null, now, null, null);
			}
			return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId,
					channel.name(), this.assignee, Notification.Status.PENDING, 0, null, now, null, null);
		}

		String requiredAssignee() {
			if (this.assignee == null) {
				throw new IllegalStateException("no assignee to notify");
			}
			return this.assignee;
		}

		private static boolean hasNul(@Nullable String text) {
			return text != null && text.indexOf('\0') >= 0;
		}

		private static @Nullable String blankToNull(@Nullable String assignee) {
			return (assignee == null || assignee.isBlank()) ? null : assignee;
		}

	}

}
