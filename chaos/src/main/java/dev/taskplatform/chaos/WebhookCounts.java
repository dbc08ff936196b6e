package dev.taskplatform.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.taskplatform.chaos.WebhookReceiver.Delivery;
import dev.taskplatform.events.Topics;

/**
 * notification-service's part of the {@link Tally}, as the webhook received it: a
 * delivery for every task.created and every task.reminder.due event, each with a good
 * signature; and the deliveries, repeated webhook-ids apart.
 */
final class WebhookCounts {

	private WebhookCounts() {
	}

	static void count(Tally tally, Map<String, List<Published>> published, WebhookReceiver receiver) {
		List<Delivery> deliveries = receiver.deliveries();
		Set<String> delivered = deliveries.stream().map(Delivery::eventId).collect(Collectors.toSet());
		Set<String> created = Published.eventIds(published.get(Topics.TASK_CREATED));
		tally.check("task.created events without their TASK_ASSIGNED webhook delivery",
				created.stream().filter(Predicate.not(delivered::contains)).toList());
		Set<String> reminded = Published.eventIds(published.get(Topics.TASK_REMINDER_DUE));
		tally.check("task.reminder.due events without their REMINDER webhook delivery",
				reminded.stream().filter(Predicate.not(delivered::contains)).toList());
		tally.check("webhook requests with a bad signature",
				(receiver.badSignatures() > 0) ? List.of(receiver.badSignatures() + " requests") : List.of());
		tally.fact("webhook deliveries (repeated webhook-id: " + (deliveries.size() - delivered.size()) + ")",
				deliveries.size());
	}

}
