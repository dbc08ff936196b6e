package dev.taskplatform.taskapi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When PostgreSQL is away (restarting, failing over) task-api answers 503 with
 * {@code Retry-After}, never 500, and says whether a change may have been stored. The
 * outage is made as a restart makes it: every session of task-api's database is
 * terminated ("terminating connection due to administrator command", what a fast shutdown
 * sends) and new ones are refused until it is over.
 */
class DatabaseOutageIntegrationTests {

	private PostgresDatabase database;

	private ConfigurableApplicationContext application;

	private WebTestClient http;

	@BeforeEach
	void startTaskApi() {
		this.database = PostgresServer.shared().createDatabase();
		Map<String, Object> properties = new LinkedHashMap<>(
				SpringProperties.r2dbc(this.database, KafkaServer.shared().bootstrapServers()));
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		this.application = new SpringApplicationBuilder(TaskApiApplication.class)
			.run(SpringProperties.asArguments(properties));
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.application.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@AfterEach
	void stopTaskApi() throws SQLException {
		allowConnections(true);
		this.application.close();
	}

	@Test
	void whileTheDatabaseIsAwayRequestsAre503AndRetriesWithTheirKeysCreateEachTaskOnce() throws SQLException {
		try (TopicRecorder topics = TopicRecorder.start(KafkaServer.shared().bootstrapServers(), Topics.TASK_CREATED)) {
			String before = created(create("before", "Before the outage"));
			allowConnections(false);
			terminateSessions();

			List<String> keys = List.of("during-1", "during-2", "during-3", "during-4", "during-5");
			List<Boolean> inDoubt = new ArrayList<>();
			for (String key : keys) {
				expectUnavailable(this.http.post()
					.uri("/tasks")
					.header("Idempotency-Key", key)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("title", "Sent during the outage " + key))
					.exchange()).jsonPath("$.inDoubt").value((doubt) -> inDoubt.add((Boolean) doubt));
			}
			// a creation handed a pooled connection that was already cut may be in doubt;
			// once none is left, no connection is obtained and nothing was stored
			assertThat(inDoubt).contains(false);
			// a read changes nothing: never in doubt
			expectUnavailable(this.http.get().uri("/tasks/{id}", before).exchange()).jsonPath("$.inDoubt")
				.isEqualTo(false);

			allowConnections(true);
			// the clients retry with their keys: each task is
			// created once, whatever the first attempt did
			List<String> retried = keys.stream().map((key) -> {
				EntityExchangeResult<Map<String, Object>> result = await().atMost(Duration.ofSeconds(30))
					.until(() -> createOrNull(key, "Sent during the outage " + key), (answer) -> answer != null);
				return (String) result.getResponseBody().get("id");
			}).toList();
			assertThat(storedWithKeys(keys)).isEqualTo(keys.size());
			assertThat(keys.stream().map((key) -> created(create(key, "Sent during the outage " + key))))
				.containsExactlyElementsOf(retried);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(topics.keys(Topics.TASK_CREATED)).containsAll(retried).contains(before));
			assertThat(topics.keys(Topics.TASK_CREATED).stream().filter(retried::contains)).doesNotHaveDuplicates();
		}
	}

	@Test
	void aCreationWhoseConnectionDropsMidStatementIsInDoubtAndItsRetryIsSafe() throws Exception {
		try (Connection blocker = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password())) {
			// the insert task-api sends will wait for this lock (its Idempotency-Key
			// lookup will not): the insert is in the database when its connection is cut
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute("LOCK TABLE tasks IN SHARE MODE");
			}
			CompletableFuture<WebTestClient.BodyContentSpec> answer = CompletableFuture
				.supplyAsync(() -> expectUnavailable(this.http.post()
					.uri("/tasks")
					.header("Idempotency-Key", "cut-mid-statement")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("title", "Cut mid-statement"))
					.exchange()));
			await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnTheLock() > 0);
			terminateSessions(blockerPid(blocker));

			answer.get()
				.jsonPath("$.inDoubt")
				.isEqualTo(true)
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail)
					.contains("may or may not have been stored", "same Idempotency-Key")
					.doesNotContain("nothing was stored"));
			blocker.rollback();
		}
		EntityExchangeResult<Map<String, Object>> retry = await().atMost(Duration.ofSeconds(30))
			.until(() -> createOrNull("cut-mid-statement", "Cut mid-statement"), (result) -> result != null);
		assertThat(retry.getStatus().value()).isEqualTo(201);
		assertThat(created(create("cut-mid-statement", "Cut mid-statement")))
			.isEqualTo(retry.getResponseBody().get("id"));
	}

	private static WebTestClient.BodyContentSpec expectUnavailable(WebTestClient.ResponseSpec response) {
		return Shedding.expectUnavailable(response, "Database unavailable");
	}

	private WebTestClient.ResponseSpec create(String key, String title) {
		return this.http.post()
			.uri("/tasks")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title))
			.exchange();
	}

	private static String created(WebTestClient.ResponseSpec response) {
		return (String) response.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	/**
	 * The answer once the database is back (201), or {@code null} while it is still 503.
	 */
	private EntityExchangeResult<Map<String, Object>> createOrNull(String key, String title) {
		EntityExchangeResult<Map<String, Object>> result = create(key, title)
			.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult();
		if (result.getStatus().value() == 503) {
			return null;
		}
		assertThat(result.getStatus().value()).isEqualTo(201);
		return result;
	}

	private int storedWithKeys(List<String> keys) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery(
						"SELECT count(*) FROM tasks WHERE idempotency_key IN ('" + String.join("', '", keys) + "')")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private void allowConnections(boolean allowed) throws SQLException {
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + this.database.name() + " ALLOW_CONNECTIONS " + allowed);
		}
	}

	private void terminateSessions(int... spared) throws SQLException {
		StringBuilder except = new StringBuilder("pg_backend_pid()");
		for (int pid : spared) {
			except.append(", ").append(pid);
		}
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
					+ this.database.name() + "' AND pid NOT IN (" + except + ")");
		}
	}

	private int waitingOnTheLock() throws SQLException {
		try (Connection admin = admin();
				Statement statement = admin.createStatement();
				var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
						+ this.database.name() + "' AND wait_event_type = 'Lock'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static int blockerPid(Connection blocker) throws SQLException {
		try (Statement statement = blocker.createStatement();
				var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private Connection admin() throws SQLException {
		PostgresDatabase postgres = new PostgresDatabase(this.database.host(), this.database.port(), "postgres",
				this.database.username(), this.database.password());
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

}
