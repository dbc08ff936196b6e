package dev.taskplatform.taskapi;

import java.time.Duration;

import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Past {@code task-api.http.max-in-flight} requests in hand, the next one is answered 503
 * at once (it does not queue behind the others), the actuator still answers, and once a
 * request in hand is done the next one is served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "task-api.http.max-in-flight=1", "spring.r2dbc.pool.initial-size=1",
				"spring.r2dbc.pool.max-size=1", "spring.r2dbc.pool.max-acquire-time=60s" })
@AutoConfigureWebTestClient
class InFlightLimitIntegrationTests {

	private static final PostgresDatabase database = PostgresServer.shared().createDatabase();

	@Autowired
	private WebTestClient http;

	@Autowired
	private ConnectionFactory connections;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.r2dbc(database, KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void aRequestPastTheLimitIsShedAtOnceAndTheOneInHandIsServed() {
		Sinks.Empty<Void> release = Sinks.empty();
		// hold the pool's only connection: the first request waits for it, in hand
		Mono.usingWhen(this.connections.create(), (connection) -> release.asMono(), Connection::close).subscribe();
		Mono<Integer> first = WebClient.create("http://localhost:" + this.port)
			.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": \"In hand\"}")
			.exchangeToMono((response) -> Mono.just(response.statusCode().value()))
			.cache();
		first.subscribe();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 1.0);

			Shedding
				.expectShed(this.http.post()
					.uri("/tasks")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"title\": \"Shed me\"}")
					.exchange())
				.jsonPath("$.instance")
				.isEqualTo("/tasks");
			// the probes are not counted against the limit
			this.http.get().uri("/livez").exchange().expectStatus().isOk();
		}
		finally {
			release.tryEmitEmpty();
		}

		assertThat(first.block(Duration.ofSeconds(20))).isEqualTo(201);
		await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0.0);
		this.http.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": \"Served next\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		String titles = Shedding.listedTasks(this.http);
		assertThat(titles).contains("In hand", "Served next").doesNotContain("Shed me");
	}

	private double inFlight() {
		return this.meters.get("http.server.requests.in.flight").gauge().value();
	}

}
