package dev.taskplatform.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Sends the embedded broker's and database's log lines (hundreds at a start: every
 * partition created) to a file of their own, so that the terminal shows the fleet's own
 * lines: its summary, the token, and what goes wrong.
 */
final class InfrastructureLogs {

	/** The loggers of Kafka's broker and controller, and of the embedded PostgreSQL. */
	static final List<String> LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky",
			"org.testcontainers");

	private InfrastructureLogs() {
	}

	/**
	 * Routes the infrastructure's loggers to {@code infrastructure.log} in a folder.
	 * @param logs the folder
	 * @return the file, or {@code null} when logging is not logback (then nothing moves)
	 */
	static @Nullable Path toFile(Path logs) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return null;
		}
		Path file = logs.resolve("infrastructure.log");
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n");
		encoder.start();
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setContext(context);
		appender.setName("infrastructure");
		appender.setFile(file.toString());
		appender.setAppend(false);
		appender.setEncoder(encoder);
		appender.start();
		for (String name : LOGGERS) {
			ch.qos.logback.classic.Logger logger = context.getLogger(name);
			logger.detachAndStopAllAppenders();
			logger.setLevel(Level.INFO);
			logger.setAdditive(false);
			logger.addAppender(appender);
		}
		return file;
	}

}
