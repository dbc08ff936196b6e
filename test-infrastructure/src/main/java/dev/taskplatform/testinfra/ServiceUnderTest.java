package dev.taskplatform.testinfra;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * The service a {@link ConsumerServiceTest} started, as its clients see it: the API's and
 * the actuator's base URLs, a {@link RestClient} on each, and the broker it consumes
 * from. The ports are read when first asked for, once the service listens on them; a test
 * without a web server ({@code webEnvironment = NONE}) has none.
 */
public final class ServiceUnderTest {

	private final Environment environment;

	private @Nullable RestClient api;

	private @Nullable RestClient management;

	ServiceUnderTest(Environment environment) {
		this.environment = environment;
	}

	/**
	 * The API's base URL.
	 * @return e.g. {@code http://localhost:54321}
	 */
	public String apiUrl() {
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("No port: the test runs without a web server (NONE or MOCK)");
		}
		return "http://localhost:" + port;
	}

	/**
	 * The actuator's base URL: a port of its own where the service sets
	 * {@code management.server.port} (every consumer does), else the API's.
	 * @return e.g. {@code http://localhost:54322}
	 */
	public String managementUrl() {
		String port = this.environment.getProperty("local.management.port");
		return (port != null) ? "http://localhost:" + port : apiUrl();
	}

	/**
	 * A client on the API, e.g. {@code service.api().get().uri("/reminders")}.
	 * @return the client, on the API's base URL
	 */
	public synchronized RestClient api() {
		RestClient api = this.api;
		if (api == null) {
			api = RestClient.create(apiUrl());
			this.api = api;
		}
		return api;
	}

	/**
	 * A client on the actuator, e.g.
	 * {@code service.management().get().uri("/actuator/prometheus")}.
	 * @return the client, on the actuator's base URL
	 */
	public synchronized RestClient management() {
		RestClient management = this.management;
		if (management == null) {
			management = RestClient.create(managementUrl());
			this.management = management;
		}
		return management;
	}

	/**
	 * The Kafka cluster the service consumes from, e.g. for a {@link TopicRecorder} or
	 * {@link ConsumerGroups}.
	 * @return its bootstrap servers
	 */
	public String bootstrapServers() {
		return this.environment.getRequiredProperty("spring.kafka.bootstrap-servers");
	}

}
