package dev.taskplatform.taskapi;

import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A fresh database of the test PostgreSQL with task-api's migrations applied, and an
 * R2DBC client on it, for the tests of task-api's SQL.
 *
 * @param database the database
 * @param client an R2DBC client on it
 */
public record MigratedDatabase(PostgresDatabase database, DatabaseClient client) {

	public static MigratedDatabase create() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password()).load().migrate();
		DatabaseClient client = DatabaseClient
			.create(ConnectionFactories.get(ConnectionFactoryOptions.parse(database.r2dbcUrl())
				.mutate()
				.option(ConnectionFactoryOptions.USER, database.username())
				.option(ConnectionFactoryOptions.PASSWORD, database.password())
				.build()));
		return new MigratedDatabase(database, client);
	}

}
