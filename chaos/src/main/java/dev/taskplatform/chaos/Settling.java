package dev.taskplatform.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				fleet.kafkaBootstrapServers(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
			while (System.nanoTime() < until) {
				pending = new ArrayList<>();
				if (!load.idle()) {
					pending.add("requests still being retried");
				}
				double backlog = metric(fleet.url("task-api"), "outbox_backlog_rows")
						+ metric(fleet.url("task-api"), "outbox_parked_rows");
				if (backlog != 0) {
					pending.add("task-api's outbox: " + backlog + " rows");
				}
				for (Map.Entry<String, List<String>> group : CONSUMED.entrySet()) {
					long lag = lag(admin, group.getKey(), group.getValue());
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

	private static long lag(Admin admin, String group, List<String> topics) {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			List<TopicPartition> partitions = admin.describeTopics(topics)
				.allTopicNames()
				.get()
				.values()
				.stream()
				.flatMap((topic) -> topic.partitions()
					.stream()
					.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
				.toList();
			Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
			partitions.forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			long lag = 0;
			for (var end : admin.listOffsets(latest).all().get().entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
			}
			return lag;
		}
		catch (Exception ex) {
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

	static double metric(String baseUrl, String name) {
		try {
			String scrape = http
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			// a metric that is not there is not zero
			return scrape.lines()
				.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.reduce(Double::sum)
				.orElse(Double.NaN);
		}
		catch (Exception ex) {
			return Double.NaN;
		}
	}

}
