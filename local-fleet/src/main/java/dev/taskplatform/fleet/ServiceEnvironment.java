package dev.taskplatform.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.taskplatform.testinfra.DevelopmentTokens;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.jspecify.annotations.Nullable;

/**
 * The settings a service is started with, as environment variables the way Spring Boot
 * binds them: those that point it at its database and Kafka, and those that make it take
 * the fleet's tokens.
 */
final class ServiceEnvironment {

	private ServiceEnvironment() {
	}

	/**
	 * The settings that make the services take the tokens the fleet's development key
	 * signs: its public key, written to the logs folder, given the standard way. The
	 * token the fleet prints is written there too ({@code token}).
	 * @param tokens the signer, or {@code null} when the fleet runs open
	 * @param token the token the fleet prints
	 * @param logs the logs folder
	 * @return the settings, none when the fleet runs open
	 * @throws IOException if a file cannot be written
	 */
	static Map<String, String> security(@Nullable DevelopmentTokens tokens, @Nullable String token, Path logs)
			throws IOException {
		Map<String, String> security = new LinkedHashMap<>();
		if (tokens != null) {
			Path publicKey = tokens.writePublicKey(logs.resolve("development-public-key.pem"));
			tokens.serviceProperties(publicKey)
				.forEach((name, value) -> security.put(environmentName(name), value.toString()));
			Files.writeString(logs.resolve("token"), token + "\n");
		}
		return security;
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

}
