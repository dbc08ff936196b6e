package dev.taskplatform.taskapi;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With every database connection busy, a request waits at most
 * {@code spring.r2dbc.pool.max-acquire-time} and is then shed with 503 (and stores
 * nothing), instead of queueing until its client gives up; the relay, on connections of
 * its own, goes on publishing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=1",
				"spring.r2dbc.pool.max-acquire-time=300ms" })
@AutoConfigureWebTestClient
class OverloadIntegrationTests {

	@Autowired
	private WebTestClient http;

	@Autowired
	private ConnectionFactory connections;

	private static final PostgresDatabase database = PostgresServer.shared().createDatabase();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.r2dbc(database, KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void theRelayKeepsPublishingWhileEveryRequestConnectionIsBusy() {
		String key = UUID.randomUUID().toString();
		Sinks.Empty<Void> release = Sinks.empty();
		Mono.usingWhen(this.connections.create(), (connection) -> release.asMono(), Connection::close).subscribe();
		try (TopicRecorder published = TopicRecorder.start(KafkaServer.shared().bootstrapServers(),
				Topics.TASK_CREATED)) {
			// a row committed by another replica: the relay finds it by polling
			try (java.sql.Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(),
					database.password())) {
				jdbc.createStatement()
					.execute("INSERT INTO outbox_events (topic, message_key, headers, payload) VALUES "
							+ "('task.created', '" + key + "', '{}', '\\x7b7d')");
			}

			// published while the requests' only connection is still held
			await().atMost(Duration.ofSeconds(20)).until(() -> !published.records(Topics.TASK_CREATED, key).isEmpty());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			release.tryEmitEmpty();
		}
	}

	@Test
	void aRequestFindingNoFreeConnectionIsShedWith503AndRetryAfter() {
		Sinks.Empty<Void> release = Sinks.empty();
		// hold the pool's only connection until released
		Mono.usingWhen(this.connections.create(), (connection) -> release.asMono(), Connection::close).subscribe();
		try {
			Shedding.expectShed(this.http.post()
				.uri("/tasks")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"title\": \"Shed me\"}")
				.exchange());
		}
		finally {
			release.tryEmitEmpty();
		}

		// the connection is back: the next request
		// is served, and the shed one left nothing
		this.http.mutate()
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.post()
			.uri("/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": \"Serve me\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		String titles = Shedding.listedTasks(this.http);
		assertThat(titles).contains("Serve me").doesNotContain("Shed me");
	}

}
