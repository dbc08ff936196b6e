package dev.taskplatform.taskapi;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskplatform.testinfra.PostgresDatabase;

/**
 * The standard Spring Boot properties that point task-api at a database and a Kafka
 * cluster: the same keys an operator sets in production.
 */
public final class TestInfrastructureProperties {

	private TestInfrastructureProperties() {
	}

	public static Map<String, Object> of(PostgresDatabase database, String bootstrapServers) {
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

}
