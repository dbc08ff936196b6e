package dev.taskplatform.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.ConsumerLag;
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.fleet.Prometheus;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, after the load, until the fleet has nothing left in hand: no request being
 * retried, task-api's outbox empty, every consumer group at the end of its topics, no
 * reminder of a task due within the lead still to fire, and the webhook quiet. Then the
 * counting starts; what is not done by the deadline is counted as missing.
 */
final class Settling {

	private static final Logger logger = LoggerFactory.getLogger(Settling.class);

	private static final Map<String, List<String>> CONSUMED = Map.of("audit-service",
			List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED, Topics.TASK_REMINDER_DUE), "notification-service",
			List.of(Topics.TASK_CREATED, Topics.TASK_REMINDER_DUE), "reminder-service",
			List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED));

	private Settling() {
	}

	/**
	 * @return what was still in hand at the deadline (empty when it settled)
	 */
	static List<String> await(LocalFleet fleet, Load load, WebhookReceiver receiver, Duration deadline)
			throws InterruptedException {
		long until = System.nanoTime() + deadline.toNanos();
		int quietFor = 0;
		int deliveries = -1;
		List<String> pending = List.of("not checked yet");
		try (ConsumerLag lags = new ConsumerLag(fleet.kafkaBootstrapServers())) {
			while (System.nanoTime() < until) {
				pending = new ArrayList<>();
				if (!load.idle()) {
					pending.add("requests still being retried");
				}
				double backlog = metrics(fleet.managementUrl("task-api"), "outbox_backlog_rows", "outbox_parked_rows");
				if (backlog != 0) {
					pending.add("task-api's outbox: " + backlog + " rows");
				}
				for (Map.Entry<String, List<String>> group : CONSUMED.entrySet()) {
					long lag = lag(lags, group.getKey(), group.getValue());
					if (lag != 0) {
						pending.add(group.getKey() + " lag: " + lag);
					}
				}
				long soon = remindersDueSoon(fleet.database("reminder-service"));
				if (soon != 0) {
					pending.add(soon + " reminders due within 10 minutes not fired yet");
				}
				int now = receiver.deliveries().size();
				quietFor = (now == deliveries) ? quietFor + 1 : 0;
				deliveries = now;
				if (quietFor < 3) {
					pending.add("webhook deliveries still coming");
				}
				if (pending.isEmpty()) {
					return pending;
				}
				logger.info("Settling: {}", pending);
				TimeUnit.SECONDS.sleep(1);
			}
		}
		return pending;
	}

	private static long lag(ConsumerLag lags, String group, List<String> topics) {
		try {
			return topics.stream().mapToLong((topic) -> lags.lag(group, topic)).sum();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * The reminders of the tasks due within the lead fire at once, some after a wait (a
	 * creation that came late); those due in two hours are left scheduled.
	 */
	private static long remindersDueSoon(PostgresDatabase database) {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT count(*) FROM scheduled_tasks WHERE execution_time < now() + interval '10 minutes'")) {
			result.next();
			return result.getLong(1);
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/**
	 * The metrics' sum from one scrape, NaN when one is not there (or nothing answers).
	 */
	static double metrics(String baseUrl, String... names) {
		try {
			Prometheus scrape = Prometheus.scrape(baseUrl);
			double sum = 0;
			for (String name : names) {
				if (!scrape.has(name)) {
					return Double.NaN;
				}
				sum += scrape.sum(name, Map.of());
			}
			return sum;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
