package dev.taskplatform.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.taskplatform.testinfra.EmbeddedKafkaCluster;
import dev.taskplatform.testinfra.PostgresServer;
import org.jspecify.annotations.Nullable;

/**
 * What the fleet prints once it is up: where everything is, the token to call the APIs
 * with, and the first calls to try.
 */
final class Welcome {

	private Welcome() {
	}

	/**
	 * The text.
	 * @param startup how long the fleet took to start
	 * @param kafka the broker
	 * @param postgres the database server
	 * @param infrastructureLog where their log lines go, if not to the terminal
	 * @param services the running services
	 * @param token the token the APIs take, or {@code null} when they are open
	 * @return the text
	 */
	static String text(Duration startup, EmbeddedKafkaCluster kafka, PostgresServer postgres,
			@Nullable Path infrastructureLog, RunningServices services, @Nullable String token) {
		String due = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
		StringBuilder text = new StringBuilder("\n\nThe fleet is up (started in " + startup.toSeconds() + " s).\n");
		text.append("  Kafka       ").append(kafka.bootstrapServers()).append('\n');
		text.append("  PostgreSQL  ")
			.append(postgres.host())
			.append(':')
			.append(postgres.port())
			.append(" (databases task_api, notification, audit, reminder)\n");
		if (infrastructureLog != null) {
			text.append("  (their log: ").append(infrastructureLog).append(")\n");
		}
		List<ServiceProcess> processes = services.processes();
		processes.forEach(
				(process) -> text.append(String.format("  %-21s %s  (metrics: %s, log: %s)%n", process.service().name(),
						process.url(), process.managementUrl() + "/actuator/prometheus", process.log())));
		String authorization;
		if (token != null) {
			text.append("\nThe APIs take bearer tokens. This one has every scope, subject \"developer\", for 12 hours ")
				.append("(signed by a key made at this start; also in ")
				.append(processes.get(0).log().resolveSibling("token"))
				.append("):\n  export TOKEN=")
				.append(token)
				.append('\n');
			authorization = "-H \"Authorization: Bearer $TOKEN\" ";
		}
		else {
			text.append("\nThe APIs are open (FLEET_SECURITY=open): no token needed.\n");
			authorization = "";
		}
		text.append("\nCreate a task:\n  curl -i ")
			.append(authorization)
			.append("-H 'Content-Type: application/json' -d '{\"title\":\"Water the plants\",")
			.append("\"assignee\":\"you@example.org\",\"dueAt\":\"")
			.append(due)
			.append("\"}' ")
			.append(url(services, Service.TASK_API))
			.append("/tasks\nThen, with the id it answers:\n");
		for (String read : List.of(url(services, Service.AUDIT) + "/audit-events?taskId=ID",
				url(services, Service.NOTIFICATION) + "/notifications?taskId=ID",
				url(services, Service.REMINDER) + "/reminders?taskId=ID")) {
			text.append("  curl ").append(authorization).append("'").append(read).append("'\n");
		}
		return text.append("Ctrl-C stops everything.\n").toString();
	}

	private static String url(RunningServices services, Service service) {
		return services.process(service.name()).url();
	}

}
