package dev.taskplatform.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.taskplatform.chaos.Load.Accepted;
import dev.taskplatform.chaos.WebhookReceiver.Delivery;
import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.Topics;
import dev.taskplatform.fleet.LocalFleet;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fleet did with every task it accepted, counted from the parts themselves once
 * it has settled: task-api's database, every record on Kafka (by {@code ce_id}),
 * audit-service's log, the webhook deliveries, reminder-service's reminders. A loss or a
 * second effect is a failure; a redelivery of the same event (same {@code ce_id}) is
 * allowed by at-least-once and reported apart.
 */
final class Tally {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

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
		tally.facts.put("tasks answered 201", (long) accepted.size());
		tally.facts.put("completions answered 200",
				accepted.values().stream().filter((task) -> task.completedAnswer() != null).count());

		// task-api's own database
		Set<String> stored = ids(fleet.database("task-api"), "SELECT id FROM tasks");
		tally.check("accepted tasks missing from task-api's database",
				accepted.keySet().stream().filter(Predicate.not(stored::contains)).toList());
		tally.facts.put("tasks stored but never answered 201 (a client that gave up)",
				stored.stream().filter(Predicate.not(accepted::containsKey)).count());
		tally.check("Idempotency-Keys answered with two different tasks", load.keysAnsweredTwoTasks());
		tally.facts.put("creations that failed in doubt and whose retry found the task stored",
				(long) load.replayedAfterAFailure());
		tally.check(
				"requests given up after " + Load.GIVE_UP_AFTER.toSeconds() + " s of retries (their outcome unknown)",
				(load.gaveUp() > 0) ? List.of(load.gaveUp() + " requests") : List.of());

		// Kafka, every record
		Map<String, List<Published>> published = readAll(fleet.kafkaBootstrapServers());
		Map<String, Set<String>> createdIds = eventIdsByTask(published.get(Topics.TASK_CREATED));
		Map<String, Set<String>> completedIds = eventIdsByTask(published.get(Topics.TASK_COMPLETED));
		Map<String, Set<String>> reminderIds = eventIdsByTask(published.get(Topics.TASK_REMINDER_DUE));
		tally.check("accepted tasks without their task.created on Kafka",
				accepted.keySet().stream().filter(Predicate.not(createdIds::containsKey)).toList());
		tally.check("completions answered 200 without their task.completed on Kafka",
				accepted.values()
					.stream()
					.filter((task) -> task.completedAnswer() != null && !completedIds.containsKey(task.id()))
					.map(Accepted::id)
					.toList());
		tally.check("tasks with two task.created events (two ce_ids: a second effect)", moreThanOne(createdIds));
		tally.check("tasks whose task.completed was published before their task.created",
				completedBeforeCreated(published));
		tally.check("tasks with two task.completed events", moreThanOne(completedIds));
		tally.check("tasks reminded twice (two task.reminder.due events)", moreThanOne(reminderIds));
		published
			.forEach((topic,
					records) -> tally.facts.put("records on " + topic + " (redeliveries: "
							+ (records.size() - records.stream().map(Published::eventId).distinct().count()) + ")",
							(long) records.size()));

		// audit-service
		Set<String> events = published.values()
			.stream()
			.flatMap(List::stream)
			.map(Published::eventId)
			.collect(Collectors.toSet());
		Map<String, Integer> audited = auditedEventIds(fleet.url("audit-service"), fleet.token());
		tally.check("events on Kafka without their audit record",
				events.stream().filter(Predicate.not(audited::containsKey)).toList());
		tally.check("events audited twice",
				audited.entrySet().stream().filter((entry) -> entry.getValue() > 1).map(Map.Entry::getKey).toList());
		JsonNode verified = get(fleet.url("audit-service") + "/audit-events/verify", fleet.token());
		tally.check("audit chain broken (GET /audit-events/verify)", verified.path("valid").asBoolean(false) ? List.of()
				: List.of("first broken sequence " + verified.path("firstBrokenSequence").asString()));
		tally.facts.put("audit records verified", verified.path("checked").asLong());

		// notification-service, as the webhook received it
		List<Delivery> deliveries = receiver.deliveries();
		Set<String> delivered = deliveries.stream().map(Delivery::eventId).collect(Collectors.toSet());
		tally.check("task.created events without their TASK_ASSIGNED webhook delivery",
				eventIds(published.get(Topics.TASK_CREATED)).stream()
					.filter(Predicate.not(delivered::contains))
					.toList());
		tally.check("task.reminder.due events without their REMINDER webhook delivery",
				eventIds(published.get(Topics.TASK_REMINDER_DUE)).stream()
					.filter(Predicate.not(delivered::contains))
					.toList());
		tally.check("webhook requests with a bad signature",
				(receiver.badSignatures() > 0) ? List.of(receiver.badSignatures() + " requests") : List.of());
		tally.facts.put("webhook deliveries (repeated webhook-id: " + (deliveries.size() - delivered.size()) + ")",
				(long) deliveries.size());

		// reminder-service
		Map<String, ReminderRow> reminders = reminders(fleet.database("reminder-service"));
		tally.check("accepted tasks without a reminder row",
				accepted.keySet().stream().filter(Predicate.not(reminders::containsKey)).toList());
		List<String> missedReminders = new ArrayList<>();
		List<String> remindedAfterCompletion = new ArrayList<>();
		List<String> sentWithoutEvent = new ArrayList<>();
		long publishedNotSent = 0;
		for (Accepted task : accepted.values()) {
			ReminderRow reminder = reminders.get(task.id());
			if (reminder == null) {
				continue;
			}
			Instant completed = task.completedAnswer();
			if ("SENT".equals(reminder.status()) && !reminderIds.containsKey(task.id())) {
				sentWithoutEvent.add(task.id());
			}
			// reminded: published, whatever the row says (a firing killed between the
			// acknowledgement and its commit, then cancelled, still reached the user)
			boolean reminded = "SENT".equals(reminder.status()) || reminderIds.containsKey(task.id());
			if (reminded && completed != null && reminder.remindAt() != null
					&& completed.isBefore(reminder.remindAt())) {
				remindedAfterCompletion.add(task.id() + " (completed " + completed + ", seen " + reminder.createdAt()
						+ ", sent " + reminder.sentAt() + ")");
			}
			if (!"SENT".equals(reminder.status()) && reminderIds.containsKey(task.id())) {
				publishedNotSent++;
			}
			boolean dueWithinTheLead = task.dueAt() != null && task.dueAt().isBefore(task.createdAnswer().plus(lead));
			boolean dueBeforeSeen = task.dueAt() != null && !task.dueAt().isAfter(reminder.createdAt());
			if (dueWithinTheLead && completed == null && !dueBeforeSeen && !"SENT".equals(reminder.status())) {
				missedReminders.add(task.id() + " (" + reminder.status() + ")");
			}
		}
		tally.check("open tasks due within the lead whose reminder was not sent", missedReminders);
		tally.check("tasks completed before their reminder was due, reminded anyway", remindedAfterCompletion);
		tally.check("reminders marked SENT without their task.reminder.due", sentWithoutEvent);
		tally.facts.put("task.reminder.due published for a reminder not marked SENT (killed before its commit)",
				publishedNotSent);
		tally.facts.putAll(reminders.values()
			.stream()
			.collect(Collectors.groupingBy((ReminderRow row) -> "reminders " + row.status(), LinkedHashMap::new,
					Collectors.counting())));

		// the answers, against the faults
		List<Load.Answer> failed = load.answers()
			.stream()
			.filter((answer) -> answer.status() == 0 || answer.status() >= 300)
			.toList();
		tally.facts.put("answers 503 At capacity (shed, nothing done) outside the fault windows", failed.stream()
			.filter((answer) -> answer.shed() && windows.stream().noneMatch((window) -> window.covers(answer.at())))
			.count());
		tally.check("answers 500 (a bug, not an outage)",
				failed.stream().filter((answer) -> answer.status() == 500).map(Tally::describe).toList());
		tally.check("answers 4xx (a valid request refused: a conflict, a task not found)",
				failed.stream()
					.filter((answer) -> answer.status() >= 400 && answer.status() < 500)
					.map(Tally::describe)
					.toList());
		// while Kafka is away task-api answers as usual
		// (a window of another fault may overlap it)
		tally.check("failed answers during the Kafka outage alone (other than 503 At capacity)",
				failed.stream()
					.filter((answer) -> !answer.shed()
							&& windows.stream()
								.filter((window) -> window.covers(answer.at()))
								.allMatch((window) -> window.name().equals(Fault.KAFKA_OUTAGE))
							&& windows.stream().anyMatch((window) -> window.covers(answer.at())))
					.map(Tally::describe)
					.toList());
		tally.check("failed answers outside every fault window (other than 503 At capacity)", failed.stream()
			.filter((answer) -> !answer.shed() && windows.stream().noneMatch((window) -> window.covers(answer.at())))
			.map(Tally::describe)
			.toList());
		for (Fault.Window window : windows) {
			Map<String, Long> byKind = failed.stream()
				.filter((answer) -> window.covers(answer.at()))
				.collect(Collectors.groupingBy(Tally::kind, LinkedHashMap::new, Collectors.counting()));
			byKind.forEach((kind, count) -> tally.facts.put("during " + window.name() + ": " + kind, count));
		}

		// every service healthy after it all
		tally.check("services not ready at the end",
				SERVICES.stream().filter((service) -> !ready(fleet.url(service))).toList());
		return tally;
	}

	private void check(String name, List<String> offenders) {
		this.checks.add(new Check(name, offenders.size(), offenders.stream().limit(5).toList()));
	}

	private static String describe(Load.Answer answer) {
		return answer.at() + " " + kind(answer);
	}

	private static String kind(Load.Answer answer) {
		return (answer.status() == 0) ? "no answer (" + answer.error() + ")"
				: answer.request() + " " + answer.status() + ((answer.error() != null) ? " " + answer.error() : "");
	}

	private static List<String> completedBeforeCreated(Map<String, List<Published>> published) {
		Map<String, Long> created = new HashMap<>();
		published.get(Topics.TASK_CREATED)
			.forEach((record) -> created.merge(record.key(), record.timestamp(), Math::min));
		Map<String, Long> completed = new HashMap<>();
		published.get(Topics.TASK_COMPLETED)
			.forEach((record) -> completed.merge(record.key(), record.timestamp(), Math::min));
		return completed.entrySet()
			.stream()
			.filter((entry) -> created.containsKey(entry.getKey()) && entry.getValue() < created.get(entry.getKey()))
			.map(Map.Entry::getKey)
			.toList();
	}

	private static List<String> moreThanOne(Map<String, Set<String>> idsByTask) {
		return idsByTask.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() > 1)
			.map(Map.Entry::getKey)
			.toList();
	}

	private static Map<String, Set<String>> eventIdsByTask(List<Published> records) {
		Map<String, Set<String>> ids = new HashMap<>();
		records.forEach((record) -> ids.computeIfAbsent(record.key(), (key) -> new HashSet<>()).add(record.eventId()));
		return ids;
	}

	private static Set<String> eventIds(List<Published> records) {
		return records.stream().map(Published::eventId).collect(Collectors.toSet());
	}

	/** Every record of the three topics, from the beginning to the end they have now. */
	static Map<String, List<Published>> readAll(String bootstrapServers) {
		List<String> topics = List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED, Topics.TASK_REMINDER_DUE);
		Map<String, List<Published>> published = new LinkedHashMap<>();
		topics.forEach((topic) -> published.put(topic, new ArrayList<>()));
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = topics.stream()
				.flatMap((topic) -> consumer.partitionsFor(topic, Duration.ofSeconds(10))
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition())))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("could not read the topics to their end within 2 minutes");
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					published.get(record.topic())
						.add(new Published(record.key(), CloudEventAttributes.readFrom(record.headers()).id(),
								record.timestamp()));
				}
			}
		}
		return published;
	}

	private static Map<String, Integer> auditedEventIds(String auditUrl, @Nullable String token) throws Exception {
		Map<String, Integer> audited = new HashMap<>();
		String cursor = "0";
		while (cursor != null) {
			JsonNode page = get(auditUrl + "/audit-events?limit=1000&cursor=" + cursor, token);
			for (JsonNode item : page.path("items")) {
				audited.merge(item.path("eventId").asString(), 1, Integer::sum);
			}
			JsonNode next = page.path("nextCursor");
			cursor = (next.isNull() || next.isMissingNode()) ? null : next.asString();
		}
		return audited;
	}

	private static Map<String, ReminderRow> reminders(PostgresDatabase database) throws SQLException {
		Map<String, ReminderRow> rows = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT task_id, status, remind_at, created_at, sent_at FROM reminders")) {
			while (result.next()) {
				rows.put(result.getString("task_id"),
						new ReminderRow(result.getString("status"), instant(result, "remind_at"),
								Objects.requireNonNull(instant(result, "created_at")), instant(result, "sent_at")));
			}
		}
		return rows;
	}

	private static @Nullable Instant instant(ResultSet result, String column) throws SQLException {
		java.sql.Timestamp timestamp = result.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	static Set<String> ids(PostgresDatabase database, String query) throws SQLException {
		Set<String> ids = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(query)) {
			while (result.next()) {
				ids.add(result.getString(1));
			}
		}
		return ids;
	}

	static JsonNode get(String url, @Nullable String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
		}
		return json.readTree(response.body());
	}

	static boolean ready(String baseUrl) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * A record on Kafka.
	 *
	 * @param key the task id
	 * @param eventId its {@code ce_id}
	 * @param timestamp when it was published (the record's timestamp, ms)
	 */
	record Published(String key, String eventId, long timestamp) {
	}

	private record ReminderRow(String status, @Nullable Instant remindAt, Instant createdAt, @Nullable Instant sentAt) {
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
