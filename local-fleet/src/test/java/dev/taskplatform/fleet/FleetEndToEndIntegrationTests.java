package dev.taskplatform.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole fleet, started the way the README's run command starts it (the services' own
 * jars as separate processes on embedded Kafka and PostgreSQL), and one task's path
 * through all of it.
 */
class FleetEndToEndIntegrationTests {

	private static final String SECRET = "end-to-end-secret";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<Received> webhooks = new CopyOnWriteArrayList<>();

	private static HttpServer receiver;

	private static LocalFleet fleet;

	private static Path logs;

	private static String token;

	@BeforeAll
	static void startFleet() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		receiver.createContext("/hooks", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			webhooks.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Signature")));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String service : List.of("task-api", "notification-service", "audit-service", "reminder-service")) {
			ports.put(service, freePort());
		}
		Path repository = FleetOptions.findRepository(Path.of("").toAbsolutePath());
		FleetOptions options = new FleetOptions(repository, ports,
				Map.of("NOTIFICATION_WEBHOOK_URL", "http://localhost:" + receiver.getAddress().getPort() + "/hooks",
						"NOTIFICATION_WEBHOOK_SECRET", SECRET, "REMINDER_LEAD", "PT3S",
						// the services' own lines about each event, with their trace ids
						"LOGGING_LEVEL_DEV_TASKPLATFORM", "DEBUG"),
				List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"), Map.of(), null,
				repository.resolve("local-fleet/target/test-logs"), true);
		logs = options.logs();
		fleet = LocalFleet.start(options);
		// the token a newcomer copies from what the fleet prints
		Matcher printed = Pattern.compile("export TOKEN=(\\S+)").matcher(fleet.welcome());
		assertThat(printed.find()).as("the fleet prints a token").isTrue();
		token = printed.group(1);
	}

	@AfterAll
	static void stopFleet() {
		if (fleet != null) {
			fleet.close();
		}
		receiver.stop(0);
	}

	@Test
	void aTaskGoesThroughTheWholeFleet() throws IOException {
		Instant due = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
		String traceId = "6e0c63257de34c926f9efcd03899b1a5";
		String id = createTask(
				"{\"title\":\"Renew the certificate\",\"assignee\":\"ops@example.org\",\"dueAt\":\"" + due + "\"}",
				"00-" + traceId + "-a3ce929d0e0e4736-01");

		// audit holds task.created
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.created"));
		// a signed webhook reached the receiver and the notification is SENT
		await().atMost(Duration.ofSeconds(30)).until(() -> webhook(id, "TASK_ASSIGNED") != null);
		Received assigned = webhook(id, "TASK_ASSIGNED");
		assertThat(assigned.signature()).isEqualTo("sha256=" + hmac(assigned.body()));
		await().atMost(Duration.ofSeconds(10)).until(() -> notificationStatuses(id).contains("SENT"));
		// the reminder fires: task.reminder.due, a
		// REMINDER notification and its audit record
		await().atMost(Duration.ofSeconds(30)).until(() -> webhook(id, "REMINDER") != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.reminder.due"));
		assertThat(get("reminder-service", "/reminders?taskId=" + id).get(0).get("status").asString())
			.isEqualTo("SENT");
		assertThat(notifications(id)).extracting((notification) -> notification.get("kind").asString())
			.containsExactlyInAnyOrder("TASK_ASSIGNED", "REMINDER");
		// one trace from the POST through each consumer's handling of task.created
		for (String service : List.of("notification-service", "audit-service", "reminder-service")) {
			assertThat(Files.readAllLines(logs.resolve(service + ".log")))
				.as("%s handled the task's event in the POST's trace", service)
				.anyMatch((line) -> line.contains(traceId));
		}
		// reminder-service's firing continues the
		// trace too: its consumption is checked apart
		assertThat(Files.readAllLines(logs.resolve("reminder-service.log")))
			.as("reminder-service applied task.created in the POST's trace")
			.anyMatch((line) -> line.contains(traceId) && line.contains("Applied task.created"));
	}

	@Test
	void completingATaskBeforeItsReminderCancelsIt() {
		Instant due = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
		String id = createTask("{\"title\":\"Done early\",\"assignee\":\"dev@example.org\",\"dueAt\":\"" + due + "\"}");
		await().atMost(Duration.ofSeconds(30)).until(() -> reminderStatus(id).equals("SCHEDULED"));

		send(authorized(URI.create(fleet.url("task-api") + "/tasks/" + id + "/complete"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());

		await().atMost(Duration.ofSeconds(30)).until(() -> reminderStatus(id).equals("CANCELLED"));
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.completed"));
	}

	@Test
	void theApisTakeOnlyTheTokenAndTheAuditKeepsItsSubject() throws Exception {
		HttpResponse<String> without = http.send(HttpRequest.newBuilder(URI.create(fleet.url("task-api") + "/tasks"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"No token\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(without.statusCode()).isEqualTo(401);
		for (String service : List.of("audit-service", "notification-service", "reminder-service")) {
			assertThat(http
				.send(HttpRequest.newBuilder(URI.create(fleet.url(service) + "/livez")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode()).as("%s's liveness probe, no token", service).isEqualTo(200);
		}

		String id = createTask("{\"title\":\"Whose is it\"}");
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.created"));

		assertThat(get("audit-service", "/audit-events?taskId=" + id).get(0).get("payload").get("createdBy").asString())
			.isEqualTo("developer");
		assertThat(json.readTree(send(authorized(URI.create(fleet.url("task-api") + "/tasks/" + id)).build()))
			.get("createdBy")
			.asString()).isEqualTo("developer");
	}

	@Test
	void theAuditChainVerifies() {
		String id = createTask("{\"title\":\"Counted\"}");
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.created"));

		JsonNode verification = json
			.readTree(send(authorized(URI.create(fleet.url("audit-service") + "/audit-events/verify")).build()));

		assertThat(verification.get("valid").asBoolean()).isTrue();
		assertThat(verification.get("checked").asLong()).isPositive();
	}

	@Test
	void theDashboardAndTheAlertsQueryOnlyMetricsTheFleetExposes() throws IOException {
		String id = createTask("{\"title\":\"Measured\",\"assignee\":\"me@example.org\"}");
		await().atMost(Duration.ofSeconds(30)).until(() -> types(id).contains("task.created"));
		await().atMost(Duration.ofSeconds(30)).until(() -> notificationStatuses(id).contains("SENT"));
		JsonNode dashboard = json.readTree(Files.readString(FleetOptions.findRepository(Path.of("").toAbsolutePath())
			.resolve("deploy/grafana/task-platform.json")));
		List<String> metrics = dashboard.get("panels")
			.valueStream()
			.flatMap((panel) -> panel.get("targets").valueStream())
			.map((target) -> target.get("expr").asString())
			.flatMap((expr) -> java.util.regex.Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher(expr).results())
			.map((match) -> match.group(1))
			.distinct()
			.toList();
		// and so do the alert rules the umbrella chart ships
		List<String> alerted = java.util.regex.Pattern.compile("expr: (?:>-\\s+)?([^\\n]+(?:\\n {12}[^\\n]+)*)")
			.matcher(Files.readString(FleetOptions.findRepository(Path.of("").toAbsolutePath())
				.resolve("deploy/helm/taskplatform/templates/prometheusrule.yaml")))
			.results()
			.flatMap(
					(expr) -> java.util.regex.Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher(expr.group(1)).results())
			.map((match) -> match.group(1))
			.distinct()
			.toList();
		assertThat(alerted).contains("consumer_listeners_stopped", "kafka_consumer_fetch_manager_records_lag_max",
				"outbox_backlog_oldest_age_seconds", "events_failed_total", "notification_webhook_breaker_open");

		String exposed = String.join("\n", List
			.of("task-api", "notification-service", "audit-service", "reminder-service")
			.stream()
			.map((service) -> send(
					HttpRequest.newBuilder(URI.create(fleet.managementUrl(service) + "/actuator/prometheus")).build()))
			.toList());
		assertThat(metrics).isNotEmpty()
			.allSatisfy((metric) -> assertThat(exposed).as("a service exposes %s", metric).contains(metric + "{"));
		assertThat(alerted)
			.allSatisfy((metric) -> assertThat(exposed).as("a service exposes %s", metric).contains(metric + "{"));
	}

	private static String createTask(String body) {
		return createTask(body, "00-" + UUID.randomUUID().toString().replace("-", "") + "-a3ce929d0e0e4736-01");
	}

	private static String createTask(String body, String traceparent) {
		String created = send(
				authorized(URI.create(fleet.url("task-api") + "/tasks")).header("Content-Type", "application/json")
					.header("traceparent", traceparent)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build());
		return json.readTree(created).get("id").asString();
	}

	private static List<String> types(String taskId) {
		return get("audit-service", "/audit-events?taskId=" + taskId).stream()
			.map((record) -> record.get("type").asString())
			.toList();
	}

	private static List<JsonNode> notifications(String taskId) {
		return get("notification-service", "/notifications?taskId=" + taskId);
	}

	private static List<String> notificationStatuses(String taskId) {
		return notifications(taskId).stream().map((notification) -> notification.get("status").asString()).toList();
	}

	private static String reminderStatus(String taskId) {
		List<JsonNode> reminders = get("reminder-service", "/reminders?taskId=" + taskId);
		return reminders.isEmpty() ? "" : reminders.get(0).get("status").asString();
	}

	private static List<JsonNode> get(String service, String path) {
		JsonNode answer = json.readTree(send(authorized(URI.create(fleet.url(service) + path)).build()));
		JsonNode items = answer.has("items") ? answer.get("items") : answer;
		return items.valueStream().toList();
	}

	private static Received webhook(String taskId, String kind) {
		return webhooks.stream().filter((received) -> {
			JsonNode body = json.readTree(received.body());
			return taskId.equals(body.get("taskId").asString()) && kind.equals(body.get("kind").asString());
		}).findFirst().orElse(null);
	}

	/** A request with the printed token, as every call of an API needs. */
	private static HttpRequest.Builder authorized(URI uri) {
		return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
	}

	private static String send(HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("%s %s", request.method(), request.uri()).isBetween(200, 299);
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String hmac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Received(byte[] body, String signature) {

	}

}
