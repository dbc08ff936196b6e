package dev.taskplatform.testinfra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard Spring Boot properties that point a service at the test infrastructure:
 * the same keys an operator sets in production.
 */
public final class SpringProperties {

	private SpringProperties() {
	}

	/**
	 * For a service on JDBC: {@code spring.datasource.*} (Flyway follows the data source)
	 * and {@code spring.kafka.bootstrap-servers}.
	 * @param database the service's database
	 * @param bootstrapServers the Kafka cluster
	 * @return property names and values
	 */
	public static Map<String, Object> jdbc(PostgresDatabase database, String bootstrapServers) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		return properties;
	}

	/**
	 * For a service on R2DBC: {@code spring.r2dbc.*}, {@code spring.flyway.*} (Flyway
	 * runs over JDBC) and {@code spring.kafka.bootstrap-servers}.
	 * @param database the service's database
	 * @param bootstrapServers the Kafka cluster
	 * @return property names and values
	 */
	public static Map<String, Object> r2dbc(PostgresDatabase database, String bootstrapServers) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", database.r2dbcUrl());
		properties.put("spring.r2dbc.username", database.username());
		properties.put("spring.r2dbc.password", database.password());
		properties.put("spring.flyway.url", database.jdbcUrl());
		properties.put("spring.flyway.user", database.username());
		properties.put("spring.flyway.password", database.password());
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		return properties;
	}

	/**
	 * The properties as command-line arguments, which win over a service's
	 * application.yaml the way an operator's settings do.
	 * @param properties property names and values
	 * @return {@code --name=value} arguments
	 */
	public static String[] asArguments(Map<String, Object> properties) {
		return properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

}
