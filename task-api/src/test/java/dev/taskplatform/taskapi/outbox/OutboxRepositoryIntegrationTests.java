package dev.taskplatform.taskapi.outbox;

import dev.taskplatform.taskapi.MigratedDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox SQL as the relay and the upkeep run it, over R2DBC on real PostgreSQL.
 */
class OutboxRepositoryIntegrationTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private OutboxRepository outbox;

	private DatabaseClient database;

	@BeforeEach
	void createOutbox() {
		this.database = MigratedDatabase.create().client();
		this.outbox = new OutboxRepository(this.database, this.json);
	}

	@Test
	void aRowIsReadAsItWasWritten() {
		Map<String, String> headers = Map.of("ce_id", "42", "ce_type", "task.created", "content-type",
				"application/json");
		byte[] payload = "{\"title\":\"Pay\"}".getBytes();
		append(new OutboxRecord("task.created", "task-a", this.json.writeValueAsString(headers), payload));

		StepVerifier.create(this.outbox.readAfter(OutboxPosition.START, 10))
			.assertNext((page) -> assertThat(page.rows()).singleElement().satisfies((row) -> {
				assertThat(row.topic()).isEqualTo("task.created");
				assertThat(row.key()).isEqualTo("task-a");
				assertThat(row.headers()).isEqualTo(headers);
				assertThat(row.payload()).isEqualTo(payload);
				// nothing else runs: the horizon is past the row's transaction
				assertThat(page.horizon()).isGreaterThan(row.position().xid());
			}))
			.verifyComplete();
	}

	@Test
	void anEmptyReadStillTellsTheHorizon() {
		StepVerifier.create(this.outbox.readAfter(OutboxPosition.START, 10))
			.assertNext((page) -> assertThat(page.rows()).isEmpty())
			.verifyComplete();
	}

	@Test
	void theStoredMarkOnlyMovesForward() {
		StepVerifier.create(this.outbox.mark()).expectNext(OutboxPosition.START).verifyComplete();
		StepVerifier.create(this.outbox.storeMark(new OutboxPosition(10, 5))).verifyComplete();
		// a relay that lost its lock and still stores an older mark changes nothing
		StepVerifier.create(this.outbox.storeMark(new OutboxPosition(10, 4))).verifyComplete();
		StepVerifier.create(this.outbox.mark()).expectNext(new OutboxPosition(10, 5)).verifyComplete();
	}

	@Test
	void aParkedRowIsSetAsideWithItsReasonAndTheMarkMovesOntoIt() {
		append(new OutboxRecord("no.such.topic", "stuck", "{}", new byte[] { 1 }));
		append(new OutboxRecord("task.created", "fine", "{}", new byte[] { 2 }));
		List<OutboxRow> rows = this.outbox.readAfter(OutboxPosition.START, 10).block().rows();

		StepVerifier.create(this.outbox.park(rows.get(0).position(), "TimeoutException: no metadata")).verifyComplete();

		StepVerifier.create(this.outbox.mark()).expectNext(rows.get(0).position()).verifyComplete();
		StepVerifier
			.create(this.database.sql("SELECT message_key, error FROM outbox_parked")
				.map((row) -> row.get("message_key", String.class) + ": " + row.get("error", String.class))
				.all()
				.collectList())
			.expectNext(List.of("stuck: TimeoutException: no metadata"))
			.verifyComplete();
		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog).extracting("rows", "parked").containsExactly(1L, 1L))
			.verifyComplete();
	}

	@Test
	void theBacklogIsWhatFollowsTheMarkAndOnlyPublishedRowsPastTheirRetentionArePurged() {
		append(new OutboxRecord("task.created", "task-a", "{}", new byte[] { 1 }));
		append(new OutboxRecord("task.created", "task-b", "{}", new byte[] { 2 }));
		List<OutboxRow> rows = this.outbox.readAfter(OutboxPosition.START, 10).block().rows();
		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(2))
			.verifyComplete();

		StepVerifier.create(this.outbox.storeMark(rows.get(0).position())).verifyComplete();

		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(1))
			.verifyComplete();
		// the published row is younger than its retention
		StepVerifier.create(this.outbox.purgePublishedBefore(Instant.now().minusSeconds(3600), 100))
			.expectNext(0L)
			.verifyComplete();
		// past it: purged, and the unpublished row stays whatever its age
		StepVerifier.create(this.outbox.purgePublishedBefore(Instant.now().plusSeconds(1), 100))
			.expectNext(1L)
			.verifyComplete();
		StepVerifier.create(count()).expectNext(1L).verifyComplete();
		StepVerifier.create(this.outbox.backlog())
			.assertNext((backlog) -> assertThat(backlog.rows()).isEqualTo(1))
			.verifyComplete();
	}

	private void append(OutboxRecord record) {
		StepVerifier
			.create(this.database
				.sql("INSERT INTO " + OutboxWriter.TABLE + " VALUES (:topic, :key, :headers, :payload)")
				.bind("topic", record.topic())
				.bind("key", record.key())
				.bind("headers", record.headers())
				.bind("payload", record.payload())
				.then())
			.verifyComplete();
	}

	private Mono<Long> count() {
		return this.database.sql("SELECT count(*) AS n FROM outbox_events")
			.map((row) -> row.get("n", Long.class))
			.one();
	}

}
