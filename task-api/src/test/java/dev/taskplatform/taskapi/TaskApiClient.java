package dev.taskplatform.taskapi;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A client of a running task-api for tests that load it while something fails: a request
 * that is not answered with success is simply not counted as accepted.
 *
 * @param http the client, on task-api's base URL
 * @param management a client of its management port (the actuator)
 */
record TaskApiClient(WebClient http, WebClient management) {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	static TaskApiClient onPorts(Object port, Object managementPort) {
		return new TaskApiClient(WebClient.create("http://localhost:" + port),
				WebClient.create("http://localhost:" + managementPort));
	}

	/** A client of a task-api started in this JVM (on random ports). */
	static TaskApiClient of(ConfigurableApplicationContext application) {
		return onPorts(application.getEnvironment().getProperty("local.server.port"),
				application.getEnvironment().getProperty("local.management.port"));
	}

	/** The readiness probe, as a load balancer calls it on the API's port. */
	boolean ready() {
		return this.http.get()
			.uri("/readyz")
			.exchangeToMono((response) -> Mono.just(response.statusCode() == HttpStatus.OK))
			.onErrorReturn(false)
			.block(Duration.ofSeconds(5));
	}

	/** The id of the task, once answered 201; empty otherwise. */
	Mono<String> create(String title) {
		return this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title))
			.exchangeToMono((response) -> (response.statusCode() == HttpStatus.CREATED)
					? response.bodyToMono(JSON).map((task) -> (String) task.get("id")) : Mono.empty());
	}

	/** The id, once answered 200. */
	Mono<String> complete(String id) {
		return this.http.post()
			.uri("/tasks/{id}/complete", id)
			.exchangeToMono((response) -> (response.statusCode() == HttpStatus.OK) ? Mono.just(id) : Mono.empty());
	}

	/** The Prometheus scrape, or an empty string while task-api does not answer. */
	String metrics() {
		return prometheus(this.management).onErrorReturn("").block(Duration.ofSeconds(5));
	}

	/**
	 * The Prometheus scrape of the management port (larger than a client's default
	 * buffer); an error unless answered 2xx.
	 * @param management a client of the management port
	 * @return the scrape
	 */
	static Mono<String> prometheus(WebClient management) {
		return management.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class);
	}

}
