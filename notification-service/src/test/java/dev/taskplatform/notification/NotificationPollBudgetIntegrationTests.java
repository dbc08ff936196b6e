package dev.taskplatform.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.OnePoll;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poll whose time budget is spent delivers no further: the rest of it is consumed again
 * and delivered then, each event once. With a budget of a millisecond every poll hands
 * back everything after its first delivery.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class NotificationPollBudgetIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringProperties.jdbc(PostgresServer.shared().createDatabase(), KafkaServer.shared().bootstrapServers())
			.forEach((name, value) -> registry.add(name, () -> value));
		registry.add("notification.webhook.url", () -> receiver.url().toString());
		registry.add("notification.webhook.secret", () -> "budget-secret");
		registry.add("notification.poll-budget", () -> "1ms");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void spentBudgetHandsTheRestOfThePollBackAndEachEventIsNotifiedOnce(CapturedOutput output) {
		UUID taskId = UUID.randomUUID();
		MessageListenerContainer container = this.listeners.getListenerContainer("notifications");
		assertThat(container).isNotNull();
		List<CloudEventAttributes> sent = new ArrayList<>();
		try (EventProducer events = EventProducer.connect(KafkaServer.shared().bootstrapServers())) {
			// one key, one partition: the five records come in one poll
			OnePoll.produce(container, () -> IntStream.range(0, 5)
				.forEach((i) -> sent.add(events
					.send(new TaskCreated(taskId, "Budgeted " + i, null, "bu@example.org", null, Instant.now())))));
		}
		RestClient http = RestClient.create("http://localhost:" + this.port);

		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(http.get().uri("/notifications?taskId={id}", taskId).retrieve().body(LIST))
				.hasSize(5)
				.allSatisfy((row) -> assertThat(row).containsEntry("status", "SENT").containsEntry("attempts", 1)));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> sent.forEach((attributes) -> assertThat(receiver.requests(attributes.id())).hasSize(1)));
		assertThat(output.getOut()).contains("time budget (PT0.001S) is spent");
	}

}
