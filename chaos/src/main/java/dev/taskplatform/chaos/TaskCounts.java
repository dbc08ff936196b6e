package dev.taskplatform.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.taskplatform.testinfra.PostgresDatabase;

/**
 * task-api's part of the {@link Tally}: every accepted task in its own database, every
 * Idempotency-Key answered with one task, and no request given up by the load.
 */
final class TaskCounts {

	private TaskCounts() {
	}

	static void count(Tally tally, Map<String, Accepted> accepted, Load load, PostgresDatabase database)
			throws SQLException {
		Set<String> stored = ids(database, "SELECT id FROM tasks");
		tally.check("accepted tasks missing from task-api's database",
				accepted.keySet().stream().filter(Predicate.not(stored::contains)).toList());
		tally.fact("tasks stored but never answered 201 (a client that gave up)",
				stored.stream().filter(Predicate.not(accepted::containsKey)).count());
		tally.check("Idempotency-Keys answered with two different tasks", load.keysAnsweredTwoTasks());
		tally.fact("creations that failed in doubt and whose retry found the task stored",
				load.replayedAfterAFailure());
		long giveUpAfter = RetryingClient.GIVE_UP_AFTER.toSeconds();
		tally.check("requests given up after " + giveUpAfter + " s of retries (their outcome unknown)",
				(load.gaveUp() > 0) ? List.of(load.gaveUp() + " requests") : List.of());
	}

	private static Set<String> ids(PostgresDatabase database, String query) throws SQLException {
		Set<String> ids = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(query)) {
			while (result.next()) {
				ids.add(result.getString(1));
			}
		}
		return ids;
	}

}
