package dev.taskplatform.audit.log;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.IncomingEvent;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain across its migrations: records appended under V1 (hashed over jsonb's
 * rendering of their payload) and under V2 (payload jsonb → json, hashed over the text as
 * received) still verify once V3 marks them as of hash scheme 1, and records appended
 * after it, hashed over their payload's RFC 8785 form (scheme 2), continue the same
 * chain, as do those an older replica still appends during a rolling upgrade.
 */
class AuditMigrationIntegrationTests {

	/** Not as jsonb renders it: key order and spacing differ. */
	private static final String RECEIVED = "{\"title\":\"Migrated\",  \"taskId\":\"%s\",\"createdAt\":\"%s\"}";

	@Test
	void recordsHashedOverJsonbVerifyAfterTheMigrationAndTheChainGoesOn() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		DataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).target("1").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String previous = HashChain.GENESIS;
		for (long sequence = 1; sequence <= 3; sequence++) {
			previous = appendAsVersionOneDid(jdbc, sequence, previous);
		}

		Flyway.configure().dataSource(dataSource).load().migrate();

		AuditRepository repository = new AuditRepository(jdbc, dataSource);
		ChainVerifier verifier = new ChainVerifier(repository);
		assertThat(verifier.verify()).isEqualTo(new ChainVerifier.Verification(true, 3, null));
		AuditLog.Event event = receivedEvent();
		new AuditLog(repository, Clock.systemUTC()).append(List.of(event));

		assertThat(verifier.verify()).isEqualTo(new ChainVerifier.Verification(true, 4, null));
		assertThat(jdbc.sql("SELECT payload::text FROM audit_events WHERE sequence = 4").query(String.class).single())
			.isEqualTo(event.payload());
	}

	@Test
	void recordsHashedOverTheirTextVerifyAfterTheSchemeChangeAndCanonicalRecordsContinueTheChain() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		DataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).target("2").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String previous = HashChain.GENESIS;
		for (long sequence = 1; sequence <= 2; sequence++) {
			previous = appendAsVersionTwoDid(jdbc, sequence, previous);
		}

		Flyway.configure().dataSource(dataSource).load().migrate();
		AuditRepository repository = new AuditRepository(jdbc, dataSource);
		// an older replica appends during the rolling upgrade, around the new code
		appendAsVersionTwoDid(jdbc, 3, previous);
		new AuditLog(repository, Clock.systemUTC()).append(List.of(receivedEvent()));
		String fourth = jdbc.sql("SELECT hash FROM audit_events WHERE sequence = 4").query(String.class).single();
		appendAsVersionTwoDid(jdbc, 5, fourth);

		assertThat(new ChainVerifier(repository).verify()).isEqualTo(new ChainVerifier.Verification(true, 5, null));
		assertThat(jdbc.sql("SELECT hash_scheme FROM audit_events ORDER BY sequence").query(Integer.class).list())
			.containsExactly(1, 1, 1, 2, 1);
	}

	/** An event as consumed, its JSON spelled as {@link #RECEIVED}. */
	private static AuditLog.Event receivedEvent() {
		UUID taskId = UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		TaskCreated event = new TaskCreated(taskId, "Migrated", null, null, null, now);
		IncomingEvent incoming = new IncomingEvent(CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api", now),
				event, RECEIVED.formatted(taskId, now).getBytes(StandardCharsets.UTF_8));
		return AuditLog.Event.of(incoming, null);
	}

	private static String appendAsVersionOneDid(JdbcClient jdbc, long sequence, String previousHash) {
		UUID taskId = UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String rendered = jdbc.sql("SELECT CAST(CAST(? AS jsonb) AS text)")
			.param(RECEIVED.formatted(taskId, now))
			.query(String.class)
			.single();
		assertThat(rendered).isNotEqualTo(RECEIVED.formatted(taskId, now));
		AuditRecord record = new AuditRecord(sequence, UUID.randomUUID().toString(), "task.created", taskId, now, now,
				"/task-api", rendered, HashChain.STORED_TEXT, "");
		String hash = HashChain.hash(record, previousHash);
		jdbc.sql(
				"""
						INSERT INTO audit_events (sequence, event_id, type, task_id, occurred_at, recorded_at, source, payload, hash)
						VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""")
			.params(sequence, record.eventId(), record.type(), taskId, Timestamp.from(now), Timestamp.from(now),
					record.source(), rendered, hash)
			.update();
		return hash;
	}

	/**
	 * Appends a record as the code of migration V2 did, and an older replica still does:
	 * hashed over the payload's text as received, with no hash scheme of its own.
	 */
	private static String appendAsVersionTwoDid(JdbcClient jdbc, long sequence, String previousHash) {
		UUID taskId = UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String received = RECEIVED.formatted(taskId, now);
		AuditRecord record = new AuditRecord(sequence, UUID.randomUUID().toString(), "task.created", taskId, now, now,
				"/task-api", received, HashChain.STORED_TEXT, "");
		String hash = HashChain.hash(record, previousHash);
		jdbc.sql("""
				INSERT INTO audit_events (sequence, event_id, type, task_id, occurred_at, recorded_at, source,
				    payload, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS json), ?)""")
			.params(sequence, record.eventId(), record.type(), taskId, Timestamp.from(now), Timestamp.from(now),
					record.source(), received, hash)
			.update();
		return hash;
	}

}
