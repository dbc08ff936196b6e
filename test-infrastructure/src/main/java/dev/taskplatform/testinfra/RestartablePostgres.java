package dev.taskplatform.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * An embedded PostgreSQL server whose data outlives a stop: it can be stopped (a fast
 * shutdown: its sessions are terminated, as in a restart or a failover) and started again
 * on the same port with the same databases. Its data directory is deleted when it is
 * closed.
 */
final class RestartablePostgres implements AutoCloseable {

	private final Path dataDirectory;

	private int port;

	private @Nullable EmbeddedPostgres running;

	private RestartablePostgres(Path dataDirectory) {
		this.dataDirectory = dataDirectory;
	}

	static RestartablePostgres start(int port) {
		try {
			RestartablePostgres postgres = new RestartablePostgres(Files.createTempDirectory("embedded-pg-data"));
			postgres.port = port;
			postgres.start();
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the embedded PostgreSQL server", ex);
		}
	}

	int port() {
		return this.port;
	}

	synchronized void start() {
		if (this.running != null) {
			throw new IllegalStateException("PostgreSQL is running");
		}
		try {
			// the data directory is kept (not cleaned): a second start finds the
			// databases of the first
			this.running = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.start();
			this.port = this.running.getPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the embedded PostgreSQL server", ex);
		}
	}

	synchronized void stop() {
		EmbeddedPostgres postgres = this.running;
		this.running = null;
		if (postgres != null) {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not stop the embedded PostgreSQL server", ex);
			}
		}
	}

	@Override
	public void close() {
		stop();
		try (Stream<Path> files = Files.walk(this.dataDirectory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not delete " + this.dataDirectory, ex);
		}
	}

}
