package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskplatform.testinfra.DevelopmentTokens;
import dev.taskplatform.testinfra.EmbeddedKafkaCluster;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: {@code ./mvnw -pl local-fleet spring-boot:run} after a
 * build. Ctrl-C (SIGTERM) stops the services first (they drain), then the broker and the
 * database.
 */
public final class LocalFleet implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalFleet.class);

	private static final List<Service> SERVICES = List.of(Service.TASK_API, Service.NOTIFICATION, Service.AUDIT,
			Service.REMINDER);

	/** The version of the services' jars: the one this fleet was built with. */
	static final String VERSION = buildVersion();

	private final EmbeddedKafkaCluster kafka;

	private final PostgresServer postgres;

	private final List<ServiceProcess> services = new ArrayList<>();

	private final Map<String, PostgresDatabase> databases = new LinkedHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private Duration startup = Duration.ZERO;

	private final @Nullable DevelopmentTokens tokens;

	private final @Nullable String token;

	private @Nullable Path infrastructureLog;

	private LocalFleet(EmbeddedKafkaCluster kafka, PostgresServer postgres, @Nullable DevelopmentTokens tokens) {
		this.kafka = kafka;
		this.postgres = postgres;
		this.tokens = tokens;
		this.token = (tokens != null) ? tokens.token("developer", DevelopmentTokens.ALL_SCOPES.toArray(String[]::new))
				: null;
	}

	public static void main(String[] args) {
		LocalFleet fleet = start(FleetOptions.fromEnvironment(System.getenv()));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			fleet.close();
			// everything is stopped: leave with 0, not with the signal's 143, so that
			// Ctrl-C is an ordinary way to end the run command
			Runtime.getRuntime().halt(0);
		}, "fleet-shutdown"));
		fleet.printWelcome();
		fleet.awaitAnExit();
	}

	/**
	 * Starts the broker, the database and the four services, and waits until each service
	 * reports ready.
	 * @param options how to run it
	 * @return the running fleet, to close
	 */
	public static LocalFleet start(FleetOptions options) {
		long began = System.nanoTime();
		Path infrastructureLog = InfrastructureLogs.toFile(options.logs());
		FleetOptions.ExistingPostgres existing = options.postgres();
		PostgresServer postgres = (existing != null)
				? PostgresServer.start(Map.of("TEST_POSTGRES_URL", existing.url(), "TEST_POSTGRES_USERNAME",
						existing.username(), "TEST_POSTGRES_PASSWORD", existing.password()))
				: PostgresServer.embedded(0);
		EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
		// a development key pair, new at every start: the services take the tokens it
		// signs (its public key given the standard way), and the fleet prints one
		DevelopmentTokens tokens = options.secured() ? DevelopmentTokens.generate() : null;
		LocalFleet fleet = new LocalFleet(kafka, postgres, tokens);
		fleet.infrastructureLog = infrastructureLog;
		try {
			Map<String, String> security = new LinkedHashMap<>();
			if (tokens != null) {
				Path publicKey = tokens.writePublicKey(options.logs().resolve("development-public-key.pem"));
				tokens.serviceProperties(publicKey)
					.forEach((name, value) -> security.put(environmentName(name), value.toString()));
				Files.writeString(options.logs().resolve("token"), fleet.token + "\n");
			}
			for (Service service : SERVICES) {
				PostgresDatabase database = postgres.createDatabase(service.database());
				fleet.databases.put(service.name(), database);
				Map<String, String> environment = new LinkedHashMap<>(
						settings(service, database, kafka.bootstrapServers()));
				environment.putAll(security);
				environment.putAll(options.environment());
				fleet.services.add(ServiceProcess.start(service, service.jar(options.repository(), VERSION),
						options.ports().get(service.name()), environment, options.javaOptions(service.name()),
						options.logs()));
			}
			CompletableFuture
				.allOf(fleet.services.stream()
					.map((process) -> CompletableFuture.runAsync(() -> process.awaitReady(Duration.ofMinutes(3))))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		catch (IOException ex) {
			fleet.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			fleet.close();
			throw ex;
		}
		fleet.startup = Duration.ofNanos(System.nanoTime() - began);
		return fleet;
	}

	/** A property's name as an environment variable, the way Spring Boot binds it. */
	static String environmentName(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	/**
	 * The standard Spring Boot settings that point a service at its database and Kafka.
	 */
	static Map<String, String> settings(Service service, PostgresDatabase database, String bootstrapServers) {
		Map<String, String> settings = new LinkedHashMap<>();
		if (service.reactive()) {
			settings.put("SPRING_R2DBC_URL", database.r2dbcUrl());
			settings.put("SPRING_R2DBC_USERNAME", database.username());
			settings.put("SPRING_R2DBC_PASSWORD", database.password());
			settings.put("SPRING_FLYWAY_URL", database.jdbcUrl());
			settings.put("SPRING_FLYWAY_USER", database.username());
			settings.put("SPRING_FLYWAY_PASSWORD", database.password());
		}
		else {
			settings.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
			settings.put("SPRING_DATASOURCE_USERNAME", database.username());
			settings.put("SPRING_DATASOURCE_PASSWORD", database.password());
		}
		settings.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
		return settings;
	}

	/**
	 * The base URL of a service.
	 * @param name the service's name, e.g. {@code task-api}
	 * @return e.g. {@code http://localhost:8080}
	 */
	public String url(String name) {
		return process(name).url();
	}

	/**
	 * The base URL of a service's management port (its actuator: metrics, health).
	 * @param name the service's name
	 * @return e.g. {@code http://localhost:9080}
	 */
	public String managementUrl(String name) {
		return process(name).managementUrl();
	}

	/**
	 * A token the services take (every scope, valid 12 hours), as the fleet prints it.
	 * @return the compact JWT, or {@code null} when the fleet runs open
	 */
	public @Nullable String token() {
		return this.token;
	}

	/**
	 * Tokens signed by the fleet's key, for clients that need a subject or scopes of
	 * their own.
	 * @return the signer, or {@code null} when the fleet runs open
	 */
	public @Nullable DevelopmentTokens tokens() {
		return this.tokens;
	}

	/**
	 * The operating-system process ids of the services.
	 * @return service name to pid
	 */
	public Map<String, Long> pids() {
		Map<String, Long> pids = new LinkedHashMap<>();
		this.services.forEach((process) -> pids.put(process.service().name(), process.pid()));
		return pids;
	}

	/**
	 * Stops one service (SIGTERM: it drains) and waits for it to exit.
	 * @param name the service's name
	 */
	public void stop(String name) {
		process(name).stop(Duration.ofSeconds(60));
	}

	/**
	 * Kills one service (SIGKILL, as {@code kill -9}: nothing drains) and waits for it to
	 * exit.
	 * @param name the service's name
	 */
	public void kill(String name) {
		process(name).kill();
	}

	/**
	 * Starts a stopped service again, as it was first started, and waits until it is
	 * ready.
	 * @param name the service's name
	 * @return its new operating-system process id
	 */
	public long restart(String name) {
		ServiceProcess restarted = process(name).restart();
		this.services.set(this.services.indexOf(process(name)), restarted);
		restarted.awaitReady(Duration.ofMinutes(3));
		return restarted.pid();
	}

	private ServiceProcess process(String name) {
		return this.services.stream()
			.filter((process) -> process.service().name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service " + name));
	}

	/**
	 * The port of the PostgreSQL server the services use.
	 * @return the port
	 */
	public int postgresPort() {
		return this.postgres.port();
	}

	/**
	 * The database a service owns.
	 * @param name the service's name
	 * @return its database
	 */
	public PostgresDatabase database(String name) {
		PostgresDatabase database = this.databases.get(name);
		if (database == null) {
			throw new IllegalArgumentException("no service " + name);
		}
		return database;
	}

	/** Stops the Kafka broker (an outage: clients see it unreachable). */
	public void stopKafka() {
		this.kafka.stopBroker();
	}

	/** Starts the stopped Kafka broker again, on the same address. */
	public void startKafka() {
		this.kafka.startBroker();
	}

	/**
	 * Stops the embedded PostgreSQL server (a fast shutdown, as in a restart: every
	 * session is terminated); its databases are kept for {@link #startPostgres()}.
	 */
	public void stopPostgres() {
		this.postgres.stop();
	}

	/** Starts the stopped PostgreSQL server again, on the same port. */
	public void startPostgres() {
		this.postgres.startAgain();
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public Duration startup() {
		return this.startup;
	}

	private void printWelcome() {
		logger.info("{}", welcome());
	}

	/**
	 * What the fleet prints once it is up: where everything is, the token to call the
	 * APIs with, and the first calls to try.
	 * @return the text
	 */
	String welcome() {
		String due = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
		StringBuilder text = new StringBuilder(
				"\n\nThe fleet is up (started in " + this.startup.toSeconds() + " s).\n");
		text.append("  Kafka       ").append(this.kafka.bootstrapServers()).append('\n');
		text.append("  PostgreSQL  ")
			.append(this.postgres.host())
			.append(':')
			.append(this.postgres.port())
			.append(" (databases task_api, notification, audit, reminder)\n");
		if (this.infrastructureLog != null) {
			text.append("  (their log: ").append(this.infrastructureLog).append(")\n");
		}
		this.services.forEach(
				(process) -> text.append(String.format("  %-21s %s  (metrics: %s, log: %s)%n", process.service().name(),
						process.url(), process.managementUrl() + "/actuator/prometheus", process.log())));
		String authorization;
		if (this.token != null) {
			text.append("\nThe APIs take bearer tokens. This one has every scope, subject \"developer\", for 12 hours ")
				.append("(signed by a key made at this start; also in ")
				.append(this.services.get(0).log().resolveSibling("token"))
				.append("):\n  export TOKEN=")
				.append(this.token)
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
			.append(url(Service.TASK_API.name()))
			.append("/tasks\nThen, with the id it answers:\n");
		for (String read : List.of(url(Service.AUDIT.name()) + "/audit-events?taskId=ID",
				url(Service.NOTIFICATION.name()) + "/notifications?taskId=ID",
				url(Service.REMINDER.name()) + "/reminders?taskId=ID")) {
			text.append("  curl ").append(authorization).append("'").append(read).append("'\n");
		}
		return text.append("Ctrl-C stops everything.\n").toString();
	}

	/** Blocks until a service exits by itself (it crashed: say so) or the JVM stops. */
	private void awaitAnExit() {
		CompletableFuture<?>[] exits = this.services.stream().map((process) -> process.onExit().thenAccept((exited) -> {
			// while the fleet stops, the services exit because they were told to
			if (!this.closed.get()) {
				logger.error("{} exited on its own; see {}", process.service().name(), process.log());
			}
		})).toArray(CompletableFuture[]::new);
		CompletableFuture.anyOf(exits).join();
	}

	/**
	 * Stops the services (in parallel, each drains), then the broker and the database.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		logger.info("Stopping the fleet");
		CompletableFuture
			.allOf(this.services.stream()
				.map((process) -> CompletableFuture.runAsync(() -> process.stop(Duration.ofSeconds(60))))
				.toArray(CompletableFuture[]::new))
			.join();
		this.kafka.close();
		this.postgres.close();
		logger.info("Fleet stopped");
	}

	private static String buildVersion() {
		try (InputStream properties = LocalFleet.class.getResourceAsStream("build.properties")) {
			if (properties == null) {
				throw new IllegalStateException("build.properties is missing: build the fleet with Maven");
			}
			Properties build = new Properties();
			build.load(properties);
			return build.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the fleet's build.properties", ex);
		}
	}

}
