package dev.taskplatform.audit;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A consumer that cannot reach Kafka refuses to start, naming the address, instead of
 * starting and idling (consumer-support's startup check, the same in every consumer).
 */
class AuditStartupIntegrationTests {

	@Test
	void refusesToStartWhenKafkaIsUnreachable() throws IOException {
		String nowhere = "localhost:" + freePort();
		Map<String, Object> properties = new LinkedHashMap<>(
				SpringProperties.jdbc(PostgresServer.shared().createDatabase(), nowhere));
		properties.put("consumer.topics.startup-timeout", "2s");
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");

		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(AuditServiceApplication.class)
				.run(SpringProperties.asArguments(properties)))
			.withStackTraceContaining("Kafka is unreachable at [" + nowhere + "]")
			.withStackTraceContaining("audit-service will not start");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
