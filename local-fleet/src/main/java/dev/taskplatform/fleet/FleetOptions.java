package dev.taskplatform.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How to run the fleet.
 *
 * @param repository the repository's root folder (where the services' jars are built)
 * @param ports HTTP port per service
 * @param environment extra environment for every service (e.g.
 * {@code NOTIFICATION_WEBHOOK_URL}, {@code REMINDER_LEAD})
 * @param javaOptions JVM options of every service
 * @param serviceJavaOptions JVM options of one service, after those of every service (so
 * that, e.g., its own {@code -Xmx} wins)
 * @param postgres an existing PostgreSQL to use instead of the embedded one
 * @param logs the folder that receives one log file per service
 * @param secured whether the services take only bearer tokens signed by the key the fleet
 * generates at start (the default); {@code false} runs their APIs open
 */
public record FleetOptions(Path repository, Map<String, Integer> ports, Map<String, String> environment,
		List<String> javaOptions, Map<String, List<String>> serviceJavaOptions, @Nullable ExistingPostgres postgres,
		Path logs, boolean secured) {

	/**
	 * Every service's JVM options, then its own.
	 * @param service the service's name
	 * @return the options
	 */
	public List<String> javaOptions(String service) {
		List<String> options = new ArrayList<>(this.javaOptions);
		options.addAll(this.serviceJavaOptions.getOrDefault(service, List.of()));
		return options;
	}

	/** The settings a service reads that the fleet passes on when they are set. */
	static final List<String> PASSED_ON = List.of("NOTIFICATION_WEBHOOK_URL", "NOTIFICATION_WEBHOOK_SECRET",
			"NOTIFICATION_WEBHOOK_PREVIOUS_SECRETS", "NOTIFICATION_WEBHOOK_LEGACY_HEADERS", "REMINDER_LEAD");

	/**
	 * The defaults, overridden by environment variables: {@code TASK_API_PORT},
	 * {@code NOTIFICATION_SERVICE_PORT}, {@code AUDIT_SERVICE_PORT},
	 * {@code REMINDER_SERVICE_PORT}, {@code FLEET_JAVA_OPTIONS}, one service's own
	 * {@code FLEET_<SERVICE>_JAVA_OPTIONS} (e.g.
	 * {@code FLEET_AUDIT_SERVICE_JAVA_OPTIONS}), {@code FLEET_POSTGRES_URL} (with
	 * {@code FLEET_POSTGRES_USERNAME}, {@code FLEET_POSTGRES_PASSWORD}),
	 * {@code FLEET_SECURITY=open} (the APIs without tokens), and the services' own
	 * settings in {@link #PASSED_ON}.
	 * @param environment the environment to read
	 * @return the options
	 */
	public static FleetOptions fromEnvironment(Map<String, String> environment) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put(Service.TASK_API.name(), port(environment, "TASK_API_PORT", 8080));
		ports.put(Service.NOTIFICATION.name(), port(environment, "NOTIFICATION_SERVICE_PORT", 8081));
		ports.put(Service.AUDIT.name(), port(environment, "AUDIT_SERVICE_PORT", 8082));
		ports.put(Service.REMINDER.name(), port(environment, "REMINDER_SERVICE_PORT", 8083));
		Map<String, String> passedOn = new LinkedHashMap<>();
		PASSED_ON.stream()
			.filter((name) -> environment.get(name) != null && !environment.get(name).isBlank())
			.forEach((name) -> passedOn.put(name, environment.get(name)));
		String javaOptions = environment.getOrDefault("FLEET_JAVA_OPTIONS",
				"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m");
		Map<String, List<String>> serviceJavaOptions = new LinkedHashMap<>();
		for (String service : ports.keySet()) {
			String own = environment
				.get("FLEET_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTIONS");
			if (own != null && !own.isBlank()) {
				serviceJavaOptions.put(service, List.of(own.trim().split("\\s+")));
			}
		}
		Path repository = findRepository(Path.of("").toAbsolutePath());
		return new FleetOptions(repository, ports, passedOn, List.of(javaOptions.trim().split("\\s+")),
				serviceJavaOptions, existingPostgres(environment), repository.resolve("local-fleet/target/logs"),
				!"open".equalsIgnoreCase(environment.getOrDefault("FLEET_SECURITY", "").trim()));
	}

	private static @Nullable ExistingPostgres existingPostgres(Map<String, String> environment) {
		String url = environment.get("FLEET_POSTGRES_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		return new ExistingPostgres(url.trim(), environment.getOrDefault("FLEET_POSTGRES_USERNAME", "postgres"),
				environment.getOrDefault("FLEET_POSTGRES_PASSWORD", ""));
	}

	private static int port(Map<String, String> environment, String name, int fallback) {
		String value = environment.get(name);
		return (value != null && !value.isBlank()) ? Integer.parseInt(value.trim()) : fallback;
	}

	/** The nearest folder upwards that holds the services' modules. */
	static Path findRepository(Path start) {
		for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
			if (Files.isDirectory(candidate.resolve("task-api")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("Run the fleet from the repository (no task-api module above " + start + ")");
	}

	/**
	 * A PostgreSQL server the fleet creates its databases on, instead of starting one.
	 *
	 * @param url its JDBC URL ({@code FLEET_POSTGRES_URL})
	 * @param username who connects ({@code FLEET_POSTGRES_USERNAME}, {@code postgres} by
	 * default)
	 * @param password the password ({@code FLEET_POSTGRES_PASSWORD}, empty by default)
	 */
	public record ExistingPostgres(String url, String username, String password) {

	}

}
