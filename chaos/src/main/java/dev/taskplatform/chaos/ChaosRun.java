package dev.taskplatform.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.fleet.FleetOptions;
import dev.taskplatform.fleet.LocalFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos suite, one command: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl
 * chaos spring-boot:run}. It starts the fleet (webhook to a receiver of its own), drives
 * a steady load, injects the faults of its plan one after another with steady time
 * between them, waits for the fleet to settle, counts ({@link Tally}) and writes
 * {@code chaos/results/<time>/report.md}. It exits with 1 on any loss, second effect, 500
 * answer, failure outside a fault or unready service.
 * <p>
 * {@code CHAOS_PLAN=full} (the default): about 130 requests/s, kill -9 of each of the
 * four services, a 20 s Kafka outage and a PostgreSQL restart. {@code CHAOS_PLAN=short}
 * (CI): 40 requests/s, kill -9 of task-api and of reminder-service, a 10 s Kafka outage
 * and a PostgreSQL restart. {@code CHAOS_RATE} overrides the rate.
 */
public final class ChaosRun {

	private static final Logger logger = LoggerFactory.getLogger(ChaosRun.class);

	/** A Standard Webhooks secret: whsec_ and the key in base64. */
	private static final String SECRET = "whsec_"
			+ java.util.Base64.getEncoder().encodeToString("chaos-webhook-secret".getBytes(StandardCharsets.UTF_8));

	/** Reminders of tasks due within the hour fire at once (after the settle). */
	private static final Duration LEAD = Duration.ofHours(1);

	private ChaosRun() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> environment = System.getenv();
		Plan plan = Plan.named(environment.getOrDefault("CHAOS_PLAN", "full"));
		double rate = Double.parseDouble(environment.getOrDefault("CHAOS_RATE", String.valueOf(plan.perSecond())));
		int exit = run(plan, rate, environment);
		// the fleet is stopped: leave with the verdict
		Runtime.getRuntime().halt(exit);
	}

	static int run(Plan plan, double rate, Map<String, String> environment) throws Exception {
		FleetOptions defaults = FleetOptions.fromEnvironment(environment);
		Path results = defaults.repository()
			.resolve("chaos/results")
			.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
		Files.createDirectories(results);
		List<Fault.Window> windows = new ArrayList<>();
		Instant began = Instant.now();
		try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
			Map<String, String> settings = new LinkedHashMap<>(defaults.environment());
			settings.put("NOTIFICATION_WEBHOOK_URL", receiver.url());
			settings.put("NOTIFICATION_WEBHOOK_SECRET", SECRET);
			// the receiver verifies the Standard Webhooks headers only
			settings.put("NOTIFICATION_WEBHOOK_LEGACY_HEADERS", "false");
			settings.put("REMINDER_LEAD", LEAD.toString());
			// the embedded PostgreSQL: it is the one that can be restarted
			FleetOptions options = new FleetOptions(defaults.repository(), defaults.ports(), settings,
					defaults.javaOptions(), defaults.serviceJavaOptions(), null, results.resolve("logs"),
					defaults.secured());
			logger.info("Chaos ({} plan, {} requests/s): starting the fleet; results in {}", plan.name(), rate,
					results);
			try (LocalFleet fleet = LocalFleet.start(options);
					Load load = new Load(fleet.url("task-api"), rate, fleet.token())) {
				load.start();
				for (Fault fault : plan.faults()) {
					TimeUnit.MILLISECONDS.sleep(plan.steady().toMillis());
					logger.info("Chaos: {}", fault.name());
					Instant start = Instant.now();
					fault.inject().on(fleet);
					TimeUnit.MILLISECONDS.sleep(fault.down().toMillis());
					fault.heal().on(fleet);
					windows.add(new Fault.Window(fault.name(), start, Instant.now()));
					logger.info("Chaos: {} healed after {} s", fault.name(),
							Duration.between(start, Instant.now()).toSeconds());
				}
				TimeUnit.MILLISECONDS.sleep(plan.steady().toMillis());
				load.stopCreating();
				Instant loadEnded = Instant.now();
				logger.info("Chaos: load stopped; waiting for the fleet to settle");
				List<String> unsettled = Settling.await(fleet, load, receiver, Duration.ofMinutes(4));
				Duration settled = Duration.between(loadEnded, Instant.now());
				Tally tally = Tally.count(fleet, load, receiver, windows, LEAD, unsettled);
				String report = Report.markdown(plan, rate, began, windows, unsettled, settled, tally);
				Files.writeString(results.resolve("report.md"), report);
				logger.info("\n{}", report);
				logger.info("Chaos: {} ({})", tally.passed() ? "PASSED" : "FAILED", results.resolve("report.md"));
				return tally.passed() ? 0 : 1;
			}
		}
		catch (Exception ex) {
			logger.error("Chaos run could not complete", ex);
			return 2;
		}
	}

	/**
	 * What a run does.
	 *
	 * @param name {@code full} or {@code short}
	 * @param perSecond requests per second
	 * @param steady steady time before, between and after the faults
	 * @param faults the faults, one after another
	 */
	record Plan(String name, double perSecond, Duration steady, List<Fault> faults) {

		static Plan named(String name) {
			return switch (name) {
				case "full" -> new Plan(name, 130, Duration.ofSeconds(20),
						List.of(Fault.kill("notification-service", Duration.ofSeconds(5)),
								Fault.kill("audit-service", Duration.ofSeconds(5)),
								Fault.kill("reminder-service", Duration.ofSeconds(5)),
								Fault.kill("task-api", Duration.ofSeconds(3)),
								Fault.kafkaOutage(Duration.ofSeconds(20)),
								Fault.postgresRestart(Duration.ofSeconds(5))));
				case "short" ->
					new Plan(name, 40, Duration.ofSeconds(8), List.of(Fault.kill("task-api", Duration.ofSeconds(2)),
							Fault.kill("reminder-service", Duration.ofSeconds(2)),
							Fault.kafkaOutage(Duration.ofSeconds(10)), Fault.postgresRestart(Duration.ofSeconds(3))));
				default -> throw new IllegalArgumentException("CHAOS_PLAN is full or short, not " + name);
			};
		}

	}

}
