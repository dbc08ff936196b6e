package dev.taskplatform.taskapi.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's claim, on real PostgreSQL with concurrent transactions as several task-api
 * replicas would run them.
 */
class OutboxClaimIntegrationTests {

	private PostgresDatabase database;

	@BeforeEach
	void migrate() {
		this.database = PostgresServer.shared().createDatabase();
		Flyway.configure()
			.dataSource(this.database.jdbcUrl(), this.database.username(), this.database.password())
			.load()
			.migrate();
	}

	@Test
	void claimTakesOnlyTheOldestUnpublishedRowOfEachKey() throws SQLException {
		long a1 = insert("task-a");
		insert("task-a");
		long b1 = insert("task-b");

		try (Connection relay = transaction()) {
			assertThat(claim(relay, 10)).containsExactly(a1, b1);
		}
	}

	@Test
	void concurrentRelaysClaimDisjointRowsAndNeverOvertakeAKey() throws SQLException {
		long a1 = insert("task-a");
		long a2 = insert("task-a");
		long b1 = insert("task-b");
		long c1 = insert("task-c");

		try (Connection first = transaction(); Connection second = transaction()) {
			assertThat(claim(first, 2)).containsExactly(a1, b1);
			// a1 and b1 are locked by the first relay: skipped; a2 waits for a1
			assertThat(claim(second, 10)).containsExactly(c1);
			markPublished(first, a1, b1);
			first.commit();
			second.rollback();
		}

		try (Connection third = transaction()) {
			assertThat(claim(third, 10)).containsExactly(a2, c1);
		}
	}

	@Test
	void rolledBackClaimLeavesTheRowsForTheNextRelay() throws SQLException {
		long a1 = insert("task-a");

		try (Connection failing = transaction()) {
			assertThat(claim(failing, 10)).containsExactly(a1);
			failing.rollback();
		}

		try (Connection next = transaction()) {
			assertThat(claim(next, 10)).containsExactly(a1);
		}
	}

	private long insert(String key) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO outbox (event_id, topic, message_key, headers, payload) "
							+ "VALUES (?, 'task.created', ?, '{}'::jsonb, '\\x7b7d'::bytea) RETURNING id")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, key);
			try (ResultSet result = insert.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	private static List<Long> claim(Connection connection, int limit) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement claim = connection
			.prepareStatement(OutboxRepository.CLAIM.replace(":limit", String.valueOf(limit)));
				ResultSet rows = claim.executeQuery()) {
			while (rows.next()) {
				ids.add(rows.getLong("id"));
			}
		}
		return ids;
	}

	private static void markPublished(Connection connection, Long... ids) throws SQLException {
		try (PreparedStatement mark = connection
			.prepareStatement("UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY(?)")) {
			mark.setArray(1, connection.createArrayOf("bigint", ids));
			mark.executeUpdate();
		}
	}

	private Connection transaction() throws SQLException {
		Connection connection = connect();
		connection.setAutoCommit(false);
		return connection;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(), this.database.password());
	}

}
