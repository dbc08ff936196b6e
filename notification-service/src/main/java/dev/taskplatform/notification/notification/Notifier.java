package dev.taskplatform.notification.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.consumer.NotRetryableException;
import dev.taskplatform.consumer.TransientFailures;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskCreated;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Notifies once per event. The event is recorded first (PENDING, or SKIPPED when there is
 * nobody to notify) in its own transaction; the delivery runs outside any transaction (no
 * connection held during HTTP calls); its outcome is committed in a second, short one. A
 * crash between the two leaves a PENDING row, and the redelivered event delivers again;
 * so does a FAILED event replayed from its dead-letter topic. An event whose row is SENT
 * or SKIPPED changes nothing.
 */
@Service
class Notifier {

	private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

	private final NotificationRepository repository;

	private final DeliveryChannel channel;

	private final EventMetrics metrics;

	private final Clock clock;

	Notifier(NotificationRepository repository, DeliveryChannel channel, EventMetrics metrics, Clock clock) {
		this.repository = repository;
		this.channel = channel;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Notifies the assignee of an event's task, unless that was done already.
	 * @param incoming a {@code task.created} or {@code task.reminder.due} event
	 * @throws NotRetryableException when the delivery failed for good (its row is FAILED)
	 */
	void notify(IncomingEvent incoming) {
		Request request = request(incoming);
		String type = incoming.attributes().type();
		NotificationRepository.Recorded recorded = this.repository
			.record(request.candidate(incoming, this.channel, this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
		Notification notification = recorded.notification();
		if (!recorded.isNew() && notification.status().isFinal()) {
			logger.debug("Event {} already handled ({})", notification.eventId(), notification.status());
			this.metrics.duplicate(type);
			return;
		}
		if (notification.status() == Notification.Status.SKIPPED) {
			logger.debug("Event {}: task {} has no assignee, nobody to notify", notification.eventId(),
					notification.taskId());
			processed(incoming);
			return;
		}
		try {
			deliver(incoming, request, notification);
		}
		catch (NotRetryableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex) || Thread.currentThread().isInterrupted()) {
				// the database is away (the error handler retries until it is back), or
				// the
				// service is stopping (the row stays PENDING, the record comes again)
				throw ex;
			}
			// anything else would only repeat itself: record the failure, dead-letter it
			markFailedQuietly(notification, ex);
			throw new NotRetryableException("Notification " + notification.id() + " for event " + notification.eventId()
					+ " failed: " + ex.getMessage(), ex);
		}
	}

	private void deliver(IncomingEvent incoming, Request request, Notification notification) {
		DeliveryChannel.Delivery delivery = this.channel.deliver(new Message(notification.eventId(), request.kind(),
				request.taskId(), request.title(), request.requiredAssignee(), request.dueAt()));
		if (delivery.sent()) {
			this.repository.markSent(notification.id(), this.channel.name(), delivery.attempts(),
					this.clock.instant().truncatedTo(ChronoUnit.MICROS));
			processed(incoming);
			return;
		}
		String error = (delivery.error() != null) ? delivery.error() : "delivery failed";
		this.repository.markFailed(notification.id(), this.channel.name(), delivery.attempts(), error);
		processed(incoming);
		// committed as FAILED: the record goes to its dead-letter topic for replay
		throw new NotRetryableException(
				"Notification " + notification.id() + " for event " + notification.eventId() + " failed: " + error);
	}

	private void markFailedQuietly(Notification notification, RuntimeException failure) {
		try {
			this.repository.markFailed(notification.id(), this.channel.name(), 0, String.valueOf(failure.getMessage()));
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

	private static Request request(IncomingEvent incoming) {
		return switch (incoming.event()) {
			case TaskCreated created -> new Request(Notification.Kind.TASK_ASSIGNED, created.taskId(), created.title(),
					blankToNull(created.assignee()), created.dueAt());
			case ReminderDue due -> new Request(Notification.Kind.REMINDER, due.taskId(), due.title(),
					blankToNull(due.assignee()), due.dueAt());
			default -> throw new NotRetryableException(
					"notification-service does not handle " + incoming.attributes().type() + " events");
		};
	}

	private static @Nullable String blankToNull(@Nullable String assignee) {
		return (assignee == null || assignee.isBlank()) ? null : assignee;
	}

	/** What an event asks for. */
	private record Request(Notification.Kind kind, UUID taskId, String title, @Nullable String assignee,
			@Nullable Instant dueAt) {

		Notification candidate(IncomingEvent incoming, DeliveryChannel channel, Instant now) {
			if (this.assignee == null) {
				return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId, null,
						null, Notification.Status.SKIPPED, 0, null, now, null);
			}
			return new Notification(UUID.randomUUID(), incoming.attributes().id(), this.kind, this.taskId,
					channel.name(), this.assignee, Notification.Status.PENDING, 0, null, now, null);
		}

		String requiredAssignee() {
			if (this.assignee == null) {
				throw new IllegalStateException("no assignee to notify");
			}
			return this.assignee;
		}

	}

}
