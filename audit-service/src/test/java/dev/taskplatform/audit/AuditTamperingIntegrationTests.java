package dev.taskplatform.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the service does when someone goes behind its back: the database refuses changes
 * to the log, a forced change of a record's data shows in the verification (a change of
 * its spelling alone does not), a stopped consumer shows in health. Its database is its
 * own, like every consumer test's ({@code @ConsumerServiceTest}): these tests break
 * things on purpose.
 */
@ConsumerServiceTest
@ExtendWith(OutputCaptureExtension.class)
class AuditTamperingIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private PostgresDatabase database;

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void databaseRefusesToChangeOrRemoveRecords() {
		appendEvents(3);

		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> execute("UPDATE audit_events SET source = '/forged' WHERE sequence = 1"))
			.withMessageContaining("append-only");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> execute("DELETE FROM audit_events WHERE sequence = 2"))
			.withMessageContaining("append-only");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute("TRUNCATE audit_events"))
			.withMessageContaining("append-only");
	}

	@Test
	void recordChangedBehindTheServicesBackBreaksTheChainAtItsSequence() throws SQLException {
		long last = appendEvents(20);
		assertThat(verify()).containsEntry("valid", true);
		long tampered = last - 5;
		String original = queryText("SELECT payload::text FROM audit_events WHERE sequence = " + tampered);

		rewritePayload(tampered, "jsonb_set(payload::jsonb, '{title}', '\"forged\"')::json");
		try {
			Map<String, Object> verification = verify();
			assertThat(verification).containsEntry("valid", false);
			assertThat(((Number) verification.get("firstBrokenSequence")).longValue()).isEqualTo(tampered);
		}
		finally {
			// the chain holds again for the other tests
			rewritePayload(tampered, "CAST(? AS json)", original);
		}
		assertThat(verify()).containsEntry("valid", true);
	}

	@Test
	void payloadRespelledWithTheSameDataKeepsTheChainValid() throws SQLException {
		long last = appendEvents(3);
		String query = "SELECT payload::text FROM audit_events WHERE sequence = " + last;
		String received = queryText(query);

		// jsonb orders the members otherwise and spaces them
		rewritePayload(last, "payload::jsonb::json");

		assertThat(queryText(query)).isNotEqualTo(received);
		assertThat(queryText("SELECT hash_scheme::text FROM audit_events WHERE sequence = " + last)).isEqualTo("2");
		assertThat(verify()).containsEntry("valid", true);
	}

	@Test
	void stoppedConsumerMakesTheServiceUnhealthy() {
		RestClient http = client();
		assertThat(status(http, "/livez")).isEqualTo(200);
		assertThat(status(http, "/readyz")).isEqualTo(200);

		this.listeners.getListenerContainer("audit").stop();
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(http, "/livez")).isEqualTo(503));
			assertThat(status(http, "/readyz")).isEqualTo(503);
		}
		finally {
			this.listeners.getListenerContainer("audit").start();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(http, "/livez")).isEqualTo(200));
		awaitRejoined();
	}

	@Test
	void oneDeadConsumerThreadMakesTheServiceUnhealthy() {
		RestClient http = client();
		ConcurrentMessageListenerContainer<?, ?> audit = (ConcurrentMessageListenerContainer<?, ?>) this.listeners
			.getListenerContainer("audit");
		assertThat(audit.getContainers()).hasSizeGreaterThan(1);

		// one of the consumer threads ends; the container as a whole still says it runs
		audit.getContainers().get(0).stop();
		try {
			assertThat(audit.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(http, "/livez")).isEqualTo(503));
		}
		finally {
			audit.stop();
			audit.start();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(http, "/livez")).isEqualTo(200));
		awaitRejoined();
	}

	@Test
	void eventsConsumedWhileTheDatabaseIsAwayAreAppendedWhenItReturns(CapturedOutput output) throws SQLException {
		appendEvents(1);
		UUID taskId = UUID.randomUUID();
		String deadLetters = Topics.deadLetter(Topics.TASK_CREATED, "audit-service");
		try (TopicRecorder dlt = TopicRecorder.start(this.service.bootstrapServers(), deadLetters)) {
			executeOnAdminDatabase("ALTER DATABASE " + this.database.name() + " ALLOW_CONNECTIONS false");
			executeOnAdminDatabase("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
					+ this.database.name() + "'");
			try {
				this.events
					.send(new TaskCreated(taskId, "While the database is away", null, null, null, Instant.now()));
				// longer than the bounded retries (about 3 s) that would dead-letter a
				// failing record
				await().during(Duration.ofSeconds(5))
					.atMost(Duration.ofSeconds(10))
					.until(() -> dlt.records(deadLetters, taskId.toString()).isEmpty());
			}
			finally {
				executeOnAdminDatabase("ALTER DATABASE " + this.database.name() + " ALLOW_CONNECTIONS true");
			}

			await().atMost(Duration.ofSeconds(30)).until(() -> items(taskId) == 1);
			assertThat(dlt.records(deadLetters, taskId.toString())).isEmpty();
		}
	}

	/**
	 * Waits until the restarted consumers hold partitions again: the group's rebalance
	 * can take until the departed members' session timeout, and events sent meanwhile
	 * would wait for it.
	 */
	private void awaitRejoined() {
		MessageListenerContainer audit = this.listeners.getListenerContainer("audit");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> audit.getAssignedPartitions() != null && !audit.getAssignedPartitions().isEmpty());
	}

	/** Appends events and waits for them; returns the last sequence. */
	private long appendEvents(int count) {
		UUID taskId = UUID.randomUUID();
		for (int i = 0; i < count; i++) {
			this.events.send(new TaskCreated(taskId, "Record " + i, null, null, null, Instant.now()));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> items(taskId) == count);
		return lastSequence();
	}

	@SuppressWarnings("unchecked")
	private int items(UUID taskId) {
		return ((java.util.List<Object>) client().get()
			.uri("/audit-events?taskId={id}&limit=1000", taskId)
			.retrieve()
			.body(JSON)
			.get("items")).size();
	}

	private long lastSequence() {
		Map<String, Object> verification = verify();
		return ((Number) verification.get("checked")).longValue();
	}

	private Map<String, Object> verify() {
		return client().get().uri("/audit-events/verify").retrieve().body(JSON);
	}

	private RestClient client() {
		return this.service.api();
	}

	private static int status(RestClient http, String path) {
		return http.get().uri(path).exchange((request, response) -> response.getStatusCode().value());
	}

	private void executeOnAdminDatabase(String sql) throws SQLException {
		PostgresDatabase admin = new PostgresDatabase(this.database.host(), this.database.port(), "postgres",
				this.database.username(), this.database.password());
		try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** As the database superuser: someone with more rights than the service. */
	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** The one value a query selects, as the database superuser. */
	private String queryText(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	/**
	 * Sets a record's payload to an SQL expression, as the database superuser with the
	 * append-only trigger off meanwhile (in one transaction, so the service never sees it
	 * off).
	 */
	private void rewritePayload(long sequence, String expression, String... parameters) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password())) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement();
					PreparedStatement update = connection
						.prepareStatement("UPDATE audit_events SET payload = " + expression + " WHERE sequence = ?")) {
				statement.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
				for (int i = 0; i < parameters.length; i++) {
					update.setString(i + 1, parameters[i]);
				}
				update.setLong(parameters.length + 1, sequence);
				assertThat(update.executeUpdate()).isEqualTo(1);
				statement.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
			}
			connection.commit();
		}
	}

}
