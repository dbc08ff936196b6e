package dev.taskplatform.notification.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.taskplatform.consumer.EventMetrics;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.notification.ledger.NotificationRepository;

/**
 * The outcomes of one batch's deliveries not committed yet: the deliveries the receiver
 * took are marked SENT together, with one statement. An event counts as processed, with
 * its end-to-end latency, once its outcome is committed.
 */
final class BatchOutcomes {

	private final NotificationRepository repository;

	private final DeliveryChannel channel;

	private final EventMetrics metrics;

	private final Clock clock;

	private final List<NotificationRepository.Sent> sent = new ArrayList<>();

	private final List<IncomingEvent> events = new ArrayList<>();

	BatchOutcomes(NotificationRepository repository, DeliveryChannel channel, EventMetrics metrics, Clock clock) {
		this.repository = repository;
		this.channel = channel;
		this.metrics = metrics;
		this.clock = clock;
	}

	void sent(IncomingEvent incoming, NotificationRepository.Sent delivery) {
		this.sent.add(delivery);
		this.events.add(incoming);
	}

	/** Commits the deliveries so far with one statement. */
	void commit() {
		if (this.sent.isEmpty()) {
			return;
		}
		this.repository.markSent(this.channel.name(), this.sent);
		// committed: that is the end of these events' end-to-end latency
		this.events.forEach(this::processed);
		this.sent.clear();
		this.events.clear();
	}

	/**
	 * Counts an event whose outcome is committed (SENT, SKIPPED or FAILED) as processed.
	 * @param incoming the event
	 */
	void processed(IncomingEvent incoming) {
		this.metrics.processed(incoming.attributes().type(), incoming.latencyUntil(this.clock.instant()));
	}

}
