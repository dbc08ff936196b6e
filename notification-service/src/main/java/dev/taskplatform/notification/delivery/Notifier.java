package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.taskplatform.consumer.Batches;
import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.events.IncomingEvent;
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
 * one, in order ({@link DeliveryAttempts}), outside any transaction (no connection held
 * during HTTP calls); their outcomes are committed afterwards, the SENT ones with one
 * statement ({@link BatchOutcomes}). A crash in between leaves PENDING rows, and the
 * redelivered events deliver again; so does a FAILED event redriven from its dead-letter
 * topic. An event whose row is SENT or SKIPPED, or that came earlier in the same batch,
 * changes nothing.
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

	private final Duration pollBudget;

	private final DeliveryAttempts attempts;

	Notifier(NotificationRepository repository, DeliveryChannel channel, EventMetrics metrics, Clock clock,
			NotificationProperties properties, DeliveryAttempts attempts) {
		this.repository = repository;
		this.channel = channel;
		this.metrics = metrics;
		this.clock = clock;
		this.pollBudget = properties.pollBudget();
		this.attempts = attempts;
	}

	/**
	 * Notifies the assignees of a batch of events' tasks, unless that was done already.
	 * @param events {@code task.created} and {@code task.reminder.due} events in the
	 * order consumed
	 * @param stopping whether the service is stopping (no further delivery starts)
	 * @throws Batches.Incomplete when the batch ended early at an event: the events
	 * before it are done
	 */
	void notify(List<ReceivedEvent> events, BooleanSupplier stopping) {
		Instant start = this.clock.instant();
		Map<String, Notification> candidates = new LinkedHashMap<>();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		for (ReceivedEvent received : events) {
			candidates.putIfAbsent(received.event().attributes().id(),
					received.request().candidate(received.event(), this.channel, now));
		}
		Map<String, NotificationRepository.Recorded> recorded = this.repository
			.recordAll(List.copyOf(candidates.values()));
		BatchOutcomes outcomes = new BatchOutcomes(this.repository, this.channel, this.metrics, this.clock);
		Set<String> seen = new HashSet<>();
		for (int index = 0; index < events.size(); index++) {
			ReceivedEvent received = events.get(index);
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
				outcomes.processed(incoming);
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
			this.attempts.attempt(index, received, notification, outcomes);
		}
		outcomes.commit();
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

}
