package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service running as a child process of the fleet, from its own jar (extracted, with a
 * class data sharing archive: {@link ClassDataSharing}).
 */
final class ServiceProcess {

	private static final Logger logger = LoggerFactory.getLogger(ServiceProcess.class);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Service service;

	private final int port;

	private final Process process;

	private final Path log;

	private final Launch launch;

	private ServiceProcess(Service service, int port, Process process, Path log, Launch launch) {
		this.service = service;
		this.port = port;
		this.process = process;
		this.log = log;
		this.launch = launch;
	}

	static ServiceProcess start(Service service, Path jar, int port, Map<String, String> environment,
			List<String> javaOptions, Path logs) {
		return start(service, port, new Launch(jar, environment, javaOptions, logs), false);
	}

	/**
	 * Starts the service again as it was started before (same port, settings and log
	 * file, which it appends to).
	 * @return the new process
	 */
	ServiceProcess restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.service.name() + " is still running");
		}
		return start(this.service, this.port, this.launch, true);
	}

	private static ServiceProcess start(Service service, int port, Launch launch, boolean append) {
		Path jar = launch.jar();
		Map<String, String> environment = launch.environment();
		List<String> javaOptions = launch.javaOptions();
		Path logs = launch.logs();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + jar + ": build the services first (./mvnw install -DskipTests)");
		}
		List<String> command = new ArrayList<>();
		String java = ProcessHandle.current().info().command().orElse("java");
		command.add(java);
		command.addAll(javaOptions);
		command.addAll(ClassDataSharing.launch(java, jar));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort(port)));
		Path log = logs.resolve(service.name() + ".log");
		try {
			Files.createDirectories(logs);
			builder.redirectErrorStream(true)
				.redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
						: ProcessBuilder.Redirect.to(log.toFile()));
			return new ServiceProcess(service, port, builder.start(), log, launch);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + service.name(), ex);
		}
	}

	/**
	 * Waits until the service reports ready, or fails if it exits or takes too long.
	 * @param timeout how long to wait
	 */
	void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest readiness = HttpRequest.newBuilder(URI.create(url() + "/readyz"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.service.name() + " exited with " + this.process.exitValue()
						+ " during startup; see " + this.log);
			}
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + this.service.name(), ex);
			}
			waitBriefly();
		}
		throw new IllegalStateException(this.service.name() + " was not ready within " + timeout + "; see " + this.log);
	}

	private void waitBriefly() {
		try {
			// the process is watched, not slept on: wake as soon as it exits
			this.process.waitFor(250, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Asks the service to stop (SIGTERM, so it drains) and waits; kills it past the
	 * grace.
	 */
	void stop(Duration grace) {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("{} did not stop within {}: killing it", this.service.name(), grace);
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** kill -9: the service gets no chance to drain or to commit anything. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	CompletableFuture<Process> onExit() {
		return this.process.onExit();
	}

	Service service() {
		return this.service;
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	/** Where its actuator answers: the API's port plus 1000. */
	String managementUrl() {
		return "http://localhost:" + managementPort(this.port);
	}

	static int managementPort(int port) {
		return port + 1000;
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	private record Launch(Path jar, Map<String, String> environment, List<String> javaOptions, Path logs) {
	}

}
