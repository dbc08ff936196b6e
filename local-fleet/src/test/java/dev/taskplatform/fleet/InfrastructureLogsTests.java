package dev.taskplatform.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
		ch.qos.logback.classic.Logger kafka = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka.server");
		assertThat(kafka.isAdditive()).isTrue();
		assertThat(((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka")).isAdditive()).isFalse();
	}

}
