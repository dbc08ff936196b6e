package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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
 * <p>
 * The fleet starts the broker, the database server and a development key pair itself, and
 * leaves its four services to {@link RunningServices}; what it prints once up is
 * {@link Welcome}'s.
 * <p>
 * (Over 200 lines: this is the fleet's one public face, a short method for each thing the
 * chaos suite, the benchmarks and the tests do to it, each handing the work to the part
 * that does it.)
 */
public final class LocalFleet implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalFleet.class);

	/** The version of the services' jars: the one this fleet was built with. */
	static final String VERSION = buildVersion();

	private final EmbeddedKafkaCluster kafka;

	private final PostgresServer postgres;

	private final RunningServices services = new RunningServices();

	private final AtomicBoolean closed = new AtomicBoolean();

	private Duration startup = Duration.ZERO;

	private final @Nullable DevelopmentTokens tokens;

	private final @Nullable String token;

	private final @Nullable Path infrastructureLog;

	private LocalFleet(EmbeddedKafkaCluster kafka, PostgresServer postgres, @Nullable DevelopmentTokens tokens,
			@Nullable Path infrastructureLog) {
		this.kafka = kafka;
		this.postgres = postgres;
		this.tokens = tokens;
		this.token = (tokens != null) ? tokens.token("developer", DevelopmentTokens.ALL_SCOPES.toArray(String[]::new))
				: null;
		this.infrastructureLog = infrastructureLog;
	}

	public static void main(String[] args) {
		LocalFleet fleet = start(FleetOptions.fromEnvironment(System.getenv()));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			fleet.close();
			// everything is stopped: leave with 0, not with the signal's 143, so that
			// Ctrl-C is an ordinary way to end the run command
			Runtime.getRuntime().halt(0);
		}, "fleet-shutdown"));
		logger.info("{}", fleet.welcome());
		fleet.services.awaitAnExit(fleet.closed::get);
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
		LocalFleet fleet = new LocalFleet(kafka, postgres, tokens, infrastructureLog);
		try {
			Map<String, String> security = ServiceEnvironment.security(tokens, fleet.token, options.logs());
			fleet.services.start(options, postgres, kafka.bootstrapServers(), security);
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

	/**
	 * The base URL of a service.
	 * @param name the service's name, e.g. {@code task-api}
	 * @return e.g. {@code http://localhost:8080}
	 */
	public String url(String name) {
		return this.services.process(name).url();
	}

	/**
	 * The base URL of a service's management port (its actuator: metrics, health).
	 * @param name the service's name
	 * @return e.g. {@code http://localhost:9080}
	 */
	public String managementUrl(String name) {
		return this.services.process(name).managementUrl();
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
		return this.services.pids();
	}

	/**
	 * Stops one service (SIGTERM: it drains) and waits for it to exit.
	 * @param name the service's name
	 */
	public void stop(String name) {
		this.services.process(name).stop(Duration.ofSeconds(60));
	}

	/**
	 * Kills one service (SIGKILL, as {@code kill -9}: nothing drains) and waits for it to
	 * exit.
	 * @param name the service's name
	 */
	public void kill(String name) {
		this.services.process(name).kill();
	}

	/**
	 * Starts a stopped service again, as it was first started, and waits until it is
	 * ready.
	 * @param name the service's name
	 * @return its new operating-system process id
	 */
	public long restart(String name) {
		return this.services.restart(name);
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
		return this.services.database(name);
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

	/**
	 * What the fleet prints once it is up ({@link Welcome}).
	 * @return the text
	 */
	String welcome() {
		return Welcome.text(this.startup, this.kafka, this.postgres, this.infrastructureLog, this.services, this.token);
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
		this.services.stop();
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
