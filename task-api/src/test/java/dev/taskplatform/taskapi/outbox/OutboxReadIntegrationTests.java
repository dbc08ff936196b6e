package dev.taskplatform.taskapi.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.taskplatform.taskapi.MigratedDatabase;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's read past its mark and its lock, on real PostgreSQL with concurrent
 * transactions as requests and several task-api replicas would run them.
 */
class OutboxReadIntegrationTests {

	private PostgresDatabase database;

	@BeforeEach
	void migrate() {
		this.database = MigratedDatabase.create().database();
	}

	@Test
	void aTransactionThatCommitsLateIsNotSkipped() throws SQLException {
		try (Connection early = transaction(); Connection late = transaction()) {
			insert(early, "written-first-committed-last");
			insert(late, "written-second-committed-first");
			late.commit();

			// the late transaction's row waits while the earlier transaction may commit
			assertThat(keysAfter(OutboxPosition.START, 10)).isEmpty();

			early.commit();
			assertThat(keysAfter(OutboxPosition.START, 10)).containsExactly("written-first-committed-last",
					"written-second-committed-first");
		}
	}

	@Test
	void aTransactionStillRunningHoldsBackOnlyWhatComesAfterIt() throws SQLException {
		try (Connection committed = transaction()) {
			insert(committed, "before");
			committed.commit();
		}
		try (Connection running = transaction(); Connection after = transaction()) {
			insert(running, "running");
			insert(after, "after");
			after.commit();

			assertThat(keysAfter(OutboxPosition.START, 10)).containsExactly("before");
			running.rollback();
			// a rolled-back transaction's row never appears; what follows it does
			assertThat(keysAfter(OutboxPosition.START, 10)).containsExactly("before", "after");
		}
	}

	@Test
	void readingOnFromTheLastRowGivesEachRowOnceInOrder() throws SQLException {
		try (Connection one = transaction()) {
			for (int i = 0; i < 5; i++) {
				insert(one, "in-one-" + i);
			}
			one.commit();
		}
		try (Connection two = transaction()) {
			insert(two, "in-two");
			two.commit();
		}

		List<String> keys = new ArrayList<>();
		OutboxPosition after = OutboxPosition.START;
		List<Read> page;
		while (!(page = readAfter(after, 2)).isEmpty()) {
			page.forEach((row) -> keys.add(row.key()));
			after = page.get(page.size() - 1).position();
		}
		assertThat(keys).containsExactly("in-one-0", "in-one-1", "in-one-2", "in-one-3", "in-one-4", "in-two");
	}

	@Test
	void oneSessionHoldsTheRelayLockUntilItEnds() throws SQLException {
		try (Connection second = connect()) {
			try (Connection first = connect()) {
				assertThat(tryLock(first)).isTrue();
				assertThat(tryLock(second)).isFalse();
			}
			// the server ends the first session's backend a moment after the client left
			await().atMost(Duration.ofSeconds(10)).until(() -> tryLock(second));
		}
	}

	private static void insert(Connection connection, String key) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement(
				"INSERT INTO " + OutboxWriter.TABLE + " VALUES ('task.created', ?, '{}', '\\x7b7d'::bytea)")) {
			insert.setString(1, key);
			insert.executeUpdate();
		}
	}

	private List<String> keysAfter(OutboxPosition after, int limit) throws SQLException {
		return readAfter(after, limit).stream().map(Read::key).toList();
	}

	private List<Read> readAfter(OutboxPosition after, int limit) throws SQLException {
		List<Read> rows = new ArrayList<>();
		String sql = OutboxRepository.READ.replace("(:xid, :id)", "(?, ?)").replace(":limit", "?");
		try (Connection connection = connect(); PreparedStatement read = connection.prepareStatement(sql)) {
			read.setLong(1, after.xid());
			read.setLong(2, after.id());
			read.setInt(3, limit);
			try (ResultSet result = read.executeQuery()) {
				while (result.next()) {
					if (result.getString("message_key") != null) {
						rows.add(new Read(new OutboxPosition(result.getLong("xid"), result.getLong("id")),
								result.getString("message_key")));
					}
				}
			}
		}
		return rows;
	}

	private static boolean tryLock(Connection connection) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
			lock.setLong(1, RelayLock.KEY);
			try (ResultSet result = lock.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
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

	private record Read(OutboxPosition position, String key) {

	}

}
