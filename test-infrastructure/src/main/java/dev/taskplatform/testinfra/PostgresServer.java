package dev.taskplatform.testinfra;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server on which each test class (or each service of the local fleet) gets
 * a database of its own. One server is shared per JVM and stopped when the JVM exits.
 * <p>
 * Settings for an external server: {@code TEST_POSTGRES_URL} (a JDBC URL of a database to
 * connect to, e.g. {@code jdbc:postgresql://localhost:5432/postgres}),
 * {@code TEST_POSTGRES_USERNAME}, {@code TEST_POSTGRES_PASSWORD}.
 */
public final class PostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PostgresServer.class);

	static final String URL_VARIABLE = "TEST_POSTGRES_URL";

	private static final String IMAGE = "postgres:17-alpine";

	private static PostgresServer shared;

	private final String host;

	private final int port;

	private final String adminDatabase;

	private final String username;

	private final String password;

	private final AutoCloseable server;

	private PostgresServer(String host, int port, String adminDatabase, String username, String password,
			AutoCloseable server) {
		this.host = host;
		this.port = port;
		this.adminDatabase = adminDatabase;
		this.username = username;
		this.password = password;
		this.server = server;
	}

	/**
	 * The server shared by everything in this JVM, started on first use.
	 * @return the shared server
	 */
	public static synchronized PostgresServer shared() {
		if (shared == null) {
			shared = start(System.getenv());
			PostgresServer started = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-server-shutdown"));
		}
		return shared;
	}

	/**
	 * Starts (or connects to) a server of its own, for the caller to close.
	 * @param environment where external settings are looked up
	 * @return the server
	 */
	public static PostgresServer start(Map<String, String> environment) {
		Source source = Source.choose(environment, URL_VARIABLE);
		PostgresServer server = switch (source) {
			case EXTERNAL -> external(environment);
			case TESTCONTAINERS -> container();
			case EMBEDDED -> embedded(0);
		};
		logger.info("PostgreSQL ({}) at {}:{}", source.name().toLowerCase(Locale.ROOT), server.host, server.port);
		return server;
	}

	/**
	 * Starts an embedded server on the given port, whatever the environment says.
	 * @param port the port, or 0 for any free port
	 * @return the server
	 */
	public static PostgresServer embedded(int port) {
		RestartablePostgres postgres = RestartablePostgres.start(port);
		return new PostgresServer("localhost", postgres.port(), "postgres", "postgres", "", postgres);
	}

	private static PostgresServer external(Map<String, String> environment) {
		URI uri = URI.create(environment.get(URL_VARIABLE).substring("jdbc:".length()));
		String database = uri.getPath().replaceFirst("^/", "");
		return new PostgresServer(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432,
				database.isEmpty() ? "postgres" : database,
				environment.getOrDefault("TEST_POSTGRES_USERNAME", "postgres"),
				environment.getOrDefault("TEST_POSTGRES_PASSWORD", ""), () -> {
				});
	}

	@SuppressWarnings("resource")
	private static PostgresServer container() {
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c",
				"max_connections=300", "-c", "fsync=off");
		container.start();
		return new PostgresServer(container.getHost(), container.getFirstMappedPort(), container.getDatabaseName(),
				container.getUsername(), container.getPassword(), container::stop);
	}

	/**
	 * Creates a new, empty database with a unique name.
	 * @return the database
	 */
	public PostgresDatabase createDatabase() {
		return createDatabase("test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
	}

	/**
	 * Creates a database with the given name if it does not exist yet.
	 * @param name a plain SQL identifier
	 * @return the database
	 */
	public PostgresDatabase createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("not a plain database name: " + name);
		}
		PostgresDatabase admin = new PostgresDatabase(this.host, this.port, this.adminDatabase, this.username,
				this.password);
		try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), this.username, this.password);
				Statement statement = connection.createStatement()) {
			boolean exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").next();
			if (!exists) {
				statement.execute("CREATE DATABASE " + name);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + name + " on " + admin.jdbcUrl(), ex);
		}
		return new PostgresDatabase(this.host, this.port, name, this.username, this.password);
	}

	/**
	 * Stops an embedded server (a fast shutdown: every session is terminated, as in a
	 * restart) and keeps its databases for {@link #startAgain()}.
	 * @throws UnsupportedOperationException for a server this JVM did not start embedded
	 */
	public void stop() {
		embedded().stop();
	}

	/**
	 * Starts a stopped embedded server again, on the same port, with its databases.
	 * @throws UnsupportedOperationException for a server this JVM did not start embedded
	 */
	public void startAgain() {
		embedded().start();
	}

	private RestartablePostgres embedded() {
		if (this.server instanceof RestartablePostgres embedded) {
			return embedded;
		}
		throw new UnsupportedOperationException("only an embedded PostgreSQL can be stopped and started again");
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (Exception ex) {
			logger.warn("Could not stop PostgreSQL at {}:{}", this.host, this.port, ex);
		}
	}

}
