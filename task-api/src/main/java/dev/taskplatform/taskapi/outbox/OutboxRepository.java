package dev.taskplatform.taskapi.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the outbox table.
 */
@Repository
class OutboxRepository {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	/**
	 * Claims the oldest unpublished rows, but only the oldest unpublished row of each
	 * key: a later row of a key waits until the earlier one is published, so per-task
	 * order holds even with several relays. {@code SKIP LOCKED} lets relays of other
	 * replicas claim other rows meanwhile instead of waiting; a row whose predecessor is
	 * locked by another relay is not claimable, since the predecessor still counts as
	 * unpublished.
	 */
	static final String CLAIM = """
			SELECT o.id, o.topic, o.message_key, o.headers::text AS headers, o.payload
			FROM outbox o
			WHERE o.published_at IS NULL
			  AND NOT EXISTS (SELECT 1 FROM outbox earlier
			                  WHERE earlier.message_key = o.message_key
			                    AND earlier.published_at IS NULL
			                    AND earlier.id < o.id)
			ORDER BY o.id
			LIMIT :limit
			FOR UPDATE OF o SKIP LOCKED
			""";

	private static final String INSERT = "INSERT INTO outbox (event_id, topic, message_key, headers, payload) "
			+ "VALUES (:outboxEventId, :outboxTopic, :outboxKey, CAST(:outboxHeaders AS jsonb), :outboxPayload)";

	private final DatabaseClient database;

	private final JsonMapper json;

	OutboxRepository(DatabaseClient database, JsonMapper json) {
		this.database = database;
		this.json = json;
	}

	Mono<Void> insert(UUID eventId, String topic, String key, Map<String, String> headers, byte[] payload) {
		return bind(this.database.sql(INSERT), eventId, topic, key, headers, payload).then();
	}

	/**
	 * Runs a change and inserts the row in one statement (a data-modifying {@code WITH}):
	 * both or neither, even outside a transaction.
	 */
	Mono<Void> insertWith(String change, UnaryOperator<DatabaseClient.GenericExecuteSpec> changeParameters,
			UUID eventId, String topic, String key, Map<String, String> headers, byte[] payload) {
		DatabaseClient.GenericExecuteSpec spec = this.database.sql("WITH change AS (" + change + ") " + INSERT);
		return bind(changeParameters.apply(spec), eventId, topic, key, headers, payload).then();
	}

	private DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, UUID eventId, String topic,
			String key, Map<String, String> headers, byte[] payload) {
		return spec.bind("outboxEventId", eventId)
			.bind("outboxTopic", topic)
			.bind("outboxKey", key)
			.bind("outboxHeaders", this.json.writeValueAsString(headers))
			.bind("outboxPayload", payload);
	}

	/** Must run inside the transaction that publishes and marks the rows. */
	Flux<OutboxRow> claim(int limit) {
		return this.database.sql(CLAIM)
			.bind("limit", limit)
			.map((row, metadata) -> new OutboxRow(row.get("id", Long.class), row.get("topic", String.class),
					row.get("message_key", String.class),
					this.json.readValue(row.get("headers", String.class), HEADERS), row.get("payload", byte[].class)))
			.all();
	}

	Mono<Long> markPublished(List<Long> ids) {
		return this.database.sql("UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(Long[]::new))
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> purgePublishedBefore(Instant cutoff) {
		return this.database.sql("DELETE FROM outbox WHERE published_at < :cutoff")
			.bind("cutoff", cutoff)
			.fetch()
			.rowsUpdated();
	}

	Mono<Backlog> backlog() {
		return this.database
			.sql("SELECT count(*) AS rows, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL")
			.map((row, metadata) -> {
				Instant oldest = row.get("oldest", Instant.class);
				Duration age = (oldest != null) ? Duration.between(oldest, Instant.now()) : Duration.ZERO;
				return new Backlog(row.get("rows", Long.class), age.isNegative() ? Duration.ZERO : age);
			})
			.one();
	}

	/**
	 * Unpublished rows: how many, and how long the oldest has waited.
	 *
	 * @param rows unpublished rows
	 * @param oldestAge age of the oldest unpublished row
	 */
	record Backlog(long rows, Duration oldestAge) {

	}

}
