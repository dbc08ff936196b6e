package dev.taskplatform.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without a webhook URL the service still runs: notifications go to the log, one line
 * each, without the payload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class NotificationLogChannelIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.jdbc(PostgresServer.shared().createDatabase(), KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void withoutAWebhookNotificationsGoToTheLog(CapturedOutput output) {
		UUID taskId = UUID.randomUUID();
		CloudEventAttributes sent;
		try (EventProducer events = EventProducer.connect(KafkaServer.shared().bootstrapServers())) {
			sent = events.send(new TaskCreated(taskId, "Confidential title", "Secret description", "mo@example.org",
					null, Instant.now()));
		}
		RestClient http = RestClient.create("http://localhost:" + this.port);

		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(http.get().uri("/notifications?taskId={id}", taskId).retrieve().body(LIST))
				.singleElement()
				.satisfies((notification) -> assertThat(notification).containsEntry("eventId", sent.id())
					.containsEntry("kind", "TASK_ASSIGNED")
					.containsEntry("channel", "LOG")
					.containsEntry("recipient", "mo@example.org")
					.containsEntry("status", "SENT")
					.containsEntry("attempts", 1)));

		List<String> lines = output.getOut().lines().filter((line) -> line.contains(sent.id())).toList();
		assertThat(lines).singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO")
				.contains("TASK_ASSIGNED")
				.contains(taskId.toString())
				.doesNotContain("Confidential")
				.doesNotContain("Secret")
				.doesNotContain("mo@example.org"));
	}

}
