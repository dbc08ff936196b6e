package dev.taskplatform.taskapi.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox SQL as the relay runs it, over R2DBC on real PostgreSQL.
 */
class OutboxRepositoryIntegrationTests {

	private OutboxRepository outbox;

	private TransactionalOperator transaction;

	private DatabaseClient database;

	@BeforeEach
	void createOutbox() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password()).load().migrate();
		ConnectionFactory connections = ConnectionFactories.get(ConnectionFactoryOptions.parse(database.r2dbcUrl())
			.mutate()
			.option(ConnectionFactoryOptions.USER, database.username())
			.option(ConnectionFactoryOptions.PASSWORD, database.password())
			.build());
		this.database = DatabaseClient.create(connections);
		this.outbox = new OutboxRepository(this.database, JsonMapper.builder().build());
		this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(connections));
	}

	@Test
	void claimedRowCarriesTheRecordAsWritten() {
		Map<String, String> headers = Map.of("ce_id", "42", "ce_type", "task.created", "content-type",
				"application/json");
		byte[] payload = "{\"title\":\"Pay\"}".getBytes();
		StepVerifier.create(this.outbox.insert(UUID.randomUUID(), "task.created", "task-a", headers, payload))
			.verifyComplete();

		StepVerifier.create(this.outbox.claim(10).collectList().as(this.transaction::transactional))
			.assertNext((claimed) -> assertThat(claimed).singleElement().satisfies((row) -> {
				assertThat(row.topic()).isEqualTo("task.created");
				assertThat(row.key()).isEqualTo("task-a");
				assertThat(row.headers()).isEqualTo(headers);
				assertThat(row.payload()).isEqualTo(payload);
			}))
			.verifyComplete();
	}

	@Test
	void aChangeAndItsRowAreWrittenByOneStatementBothOrNeither() {
		String change = "INSERT INTO tasks (id, title, status, created_at, idempotency_key) "
				+ "VALUES (:id, 'Pay', 'OPEN', now(), :key)";
		StepVerifier
			.create(this.outbox.insertWith(change, (spec) -> spec.bind("id", UUID.randomUUID()).bind("key", "once"),
					UUID.randomUUID(), "task.created", "task-a", Map.of(), new byte[] { 1 }))
			.verifyComplete();

		// the change fails (the key is taken): the row must not be written either
		StepVerifier
			.create(this.outbox.insertWith(change, (spec) -> spec.bind("id", UUID.randomUUID()).bind("key", "once"),
					UUID.randomUUID(), "task.created", "task-b", Map.of(), new byte[] { 2 }))
			.expectError(DataIntegrityViolationException.class)
			.verify();

		StepVerifier.create(count("tasks")).expectNext(1L).verifyComplete();
		StepVerifier.create(this.outbox.claim(10).map(OutboxRow::key).collectList().as(this.transaction::transactional))
			.expectNext(List.of("task-a"))
			.verifyComplete();
	}

	private Mono<Long> count(String table) {
		return this.database.sql("SELECT count(*) AS n FROM " + table).map((row) -> row.get("n", Long.class)).one();
	}

	@Test
	void publishedRowsLeaveTheBacklogAndArePurgedAfterTheirRetention() {
		StepVerifier
			.create(this.outbox.insert(UUID.randomUUID(), "task.created", "task-a", Map.of(), new byte[] { 1 })
				.then(this.outbox.insert(UUID.randomUUID(), "task.created", "task-b", Map.of(), new byte[] { 2 })))
			.verifyComplete();
		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(2))
			.verifyComplete();

		StepVerifier
			.create(this.outbox.claim(1)
				.collectList()
				.flatMap((rows) -> this.outbox.markPublished(rows.stream().map(OutboxRow::id).toList()))
				.as(this.transaction::transactional))
			.expectNext(1L)
			.verifyComplete();

		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(1))
			.verifyComplete();
		StepVerifier.create(this.outbox.purgePublishedBefore(Instant.now().minus(Duration.ofHours(1))))
			.expectNext(0L)
			.verifyComplete();
		StepVerifier.create(this.outbox.purgePublishedBefore(Instant.now().plusSeconds(1)))
			.expectNext(1L)
			.verifyComplete();
		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(1))
			.verifyComplete();
	}

}
