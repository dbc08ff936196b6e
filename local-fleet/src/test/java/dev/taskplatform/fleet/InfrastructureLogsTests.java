package dev.taskplatform.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureLogsTests {

	@Test
	void theBrokersAndTheDatabasesLinesGoToTheirFileAndTheFleetsStayOnTheConsole(@TempDir Path logs)
			throws IOException {
		Path file = InfrastructureLogs.toFile(logs);

		LoggerFactory.getLogger("state.change.logger").info("Creating new partition task.created-0");
		LoggerFactory.getLogger("org.apache.kafka.controller.QuorumController").warn("controller says so");
		LoggerFactory.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres").info("database says so");
		LoggerFactory.getLogger(LocalFleet.class).info("The fleet's own line");

		assertThat(file).isEqualTo(logs.resolve("infrastructure.log"));
		String written = Files.readString(file);
		assertThat(written).contains("Creating new partition task.created-0", "controller says so", "database says so");
		assertThat(written).doesNotContain("The fleet's own line");
	}

	/** The other tests of this JVM log as logback.xml says. */
	@AfterEach
	void restoreTheConfiguration() {
		ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) LoggerFactory
			.getILoggerFactory();
		for (String name : InfrastructureLogs.LOGGERS) {
			ch.qos.logback.classic.Logger logger = context.getLogger(name);
			logger.detachAndStopAllAppenders();
			logger.setAdditive(true);
			logger.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

}
