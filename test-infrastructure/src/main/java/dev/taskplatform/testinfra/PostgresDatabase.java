package dev.taskplatform.testinfra;

/**
 * One database on a PostgreSQL server, with the URLs a service needs to reach it.
 *
 * @param host the server's host
 * @param port the server's port
 * @param name the database name
 * @param username the role to connect as
 * @param password its password (may be empty)
 */
public record PostgresDatabase(String host, int port, String name, String username, String password) {

	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.name;
	}

	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + this.name;
	}

}
