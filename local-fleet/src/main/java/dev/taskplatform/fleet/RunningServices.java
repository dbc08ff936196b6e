package dev.taskplatform.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's four services as they run: each one's database on the fleet's PostgreSQL,
 * its process started from its jar with its settings ({@link ServiceEnvironment}), and
 * what is done to one of them by name or to all of them.
 */
final class RunningServices {

	/** The fleet's own lines, under its name. */
	private static final Logger logger = LoggerFactory.getLogger(LocalFleet.class);

	private static final List<Service> SERVICES = List.of(Service.TASK_API, Service.NOTIFICATION, Service.AUDIT,
			Service.REMINDER);

	private final List<ServiceProcess> services = new ArrayList<>();

	private final Map<String, PostgresDatabase> databases = new LinkedHashMap<>();

	/**
	 * Creates each service's database and starts its process, one after another, then
	 * waits until each reports ready.
	 * @param options how to run them
	 * @param postgres the server their databases are created on
	 * @param bootstrapServers the Kafka broker's address
	 * @param security the settings that make the services take the fleet's tokens
	 */
	void start(FleetOptions options, PostgresServer postgres, String bootstrapServers, Map<String, String> security) {
		for (Service service : SERVICES) {
			PostgresDatabase database = postgres.createDatabase(service.database());
			this.databases.put(service.name(), database);
			Map<String, String> environment = new LinkedHashMap<>(
					ServiceEnvironment.settings(service, database, bootstrapServers));
			environment.putAll(security);
			environment.putAll(options.environment());
			this.services.add(ServiceProcess.start(service, service.jar(options.repository(), LocalFleet.VERSION),
					options.ports().get(service.name()), environment, options.javaOptions(service.name()),
					options.logs()));
		}
		CompletableFuture
			.allOf(this.services.stream()
				.map((process) -> CompletableFuture.runAsync(() -> process.awaitReady(Duration.ofMinutes(3))))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	/** The services' processes, in the order they were started. */
	List<ServiceProcess> processes() {
		return List.copyOf(this.services);
	}

	ServiceProcess process(String name) {
		return this.services.stream()
			.filter((process) -> process.service().name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service " + name));
	}

	PostgresDatabase database(String name) {
		PostgresDatabase database = this.databases.get(name);
		if (database == null) {
			throw new IllegalArgumentException("no service " + name);
		}
		return database;
	}

	Map<String, Long> pids() {
		Map<String, Long> pids = new LinkedHashMap<>();
		this.services.forEach((process) -> pids.put(process.service().name(), process.pid()));
		return pids;
	}

	/**
	 * Starts a stopped service again, as it was first started, and waits until it is
	 * ready.
	 * @param name the service's name
	 * @return its new operating-system process id
	 */
	long restart(String name) {
		ServiceProcess restarted = process(name).restart();
		this.services.set(this.services.indexOf(process(name)), restarted);
		restarted.awaitReady(Duration.ofMinutes(3));
		return restarted.pid();
	}

	/**
	 * Blocks until a service exits by itself (it crashed: say so) or the JVM stops.
	 * @param stopping whether the fleet is stopping
	 */
	void awaitAnExit(BooleanSupplier stopping) {
		CompletableFuture<?>[] exits = this.services.stream().map((process) -> process.onExit().thenAccept((exited) -> {
			// while the fleet stops, the services exit because they were told to
			if (!stopping.getAsBoolean()) {
				logger.error("{} exited on its own; see {}", process.service().name(), process.log());
			}
		})).toArray(CompletableFuture[]::new);
		CompletableFuture.anyOf(exits).join();
	}

	/** Stops the services in parallel (each drains), and waits until all have stopped. */
	void stop() {
		CompletableFuture
			.allOf(this.services.stream()
				.map((process) -> CompletableFuture.runAsync(() -> process.stop(Duration.ofSeconds(60))))
				.toArray(CompletableFuture[]::new))
			.join();
	}

}
