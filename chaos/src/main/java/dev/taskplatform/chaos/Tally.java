package dev.taskplatform.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskplatform.fleet.LocalFleet;

/**
 * What the fleet did with every task it accepted, counted from the parts themselves once
 * it has settled: task-api's database, every record on Kafka (by {@code ce_id}),
 * audit-service's log, the webhook deliveries, reminder-service's reminders. A loss or a
 * second effect is a failure; a redelivery of the same event (same {@code ce_id}) is
 * allowed by at-least-once and reported apart.
 * <p>
 * Each part is counted by its own type, in this order: {@link TaskCounts},
 * {@link KafkaCounts}, {@link AuditCounts}, {@link WebhookCounts},
 * {@link ReminderCounts}, {@link AnswerCounts}; then whether every service is ready. The
 * tally keeps the checks (each must be zero) and the facts in the order they were
 * counted.
 */
final class Tally {

	private static final List<String> SERVICES = List.of("task-api", "notification-service", "audit-service",
			"reminder-service");

	private final List<Check> checks = new ArrayList<>();

	private final Map<String, Long> facts = new LinkedHashMap<>();

	List<Check> checks() {
		return this.checks;
	}

	Map<String, Long> facts() {
		return this.facts;
	}

	boolean passed() {
		return this.checks.stream().allMatch(Check::passed);
	}

	static Tally count(LocalFleet fleet, Load load, WebhookReceiver receiver, List<Fault.Window> windows, Duration lead,
			List<String> unsettled) throws Exception {
		Tally tally = new Tally();
		tally.check("still in hand when the counting began (not settled)", unsettled);
		Map<String, Accepted> accepted = load.accepted();
		tally.fact("tasks answered 201", accepted.size());
		tally.fact("completions answered 200",
				accepted.values().stream().filter((task) -> task.completedAnswer() != null).count());
		TaskCounts.count(tally, accepted, load, fleet.database("task-api"));
		Map<String, List<Published>> published = Published.readAll(fleet.kafkaBootstrapServers());
		KafkaCounts.count(tally, accepted, published);
		AuditCounts.count(tally, published, fleet.url("audit-service"), fleet.token());
		WebhookCounts.count(tally, published, receiver);
		ReminderCounts.count(tally, accepted, published, fleet.database("reminder-service"), lead);
		AnswerCounts.count(tally, load.answers(), windows);
		// every service healthy after it all
		tally.check("services not ready at the end",
				SERVICES.stream().filter((service) -> !ServiceCalls.ready(fleet.url(service))).toList());
		return tally;
	}

	/**
	 * Counts a check.
	 * @param name what is counted
	 * @param offenders everything counted, of which the first five are kept as examples
	 */
	void check(String name, List<String> offenders) {
		this.checks.add(new Check(name, offenders.size(), offenders.stream().limit(5).toList()));
	}

	/**
	 * Keeps a fact: a count that is reported, whatever it is.
	 * @param name what is counted
	 * @param count how many
	 */
	void fact(String name, long count) {
		this.facts.put(name, count);
	}

	/**
	 * One thing counted that must be zero.
	 *
	 * @param name what is counted
	 * @param count how many
	 * @param examples the first few
	 */
	record Check(String name, long count, List<String> examples) {

		boolean passed() {
			return this.count == 0;
		}

	}

}
