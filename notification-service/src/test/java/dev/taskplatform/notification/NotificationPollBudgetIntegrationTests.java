package dev.taskplatform.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.OnePoll;
import dev.taskplatform.testinfra.ServiceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
@ConsumerServiceTest(properties = { "notification.webhook.secret=budget-secret", "notification.poll-budget=1ms" })
@ExtendWith(OutputCaptureExtension.class)
class NotificationPollBudgetIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@DynamicPropertySource
	static void webhookReceiver(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
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
		// one key, one partition: the five records come in one poll
		OnePoll.produce(container, () -> {
			for (int i = 0; i < 5; i++) {
				TaskCreated task = new TaskCreated(taskId, "Budgeted " + i, null, "bu@example.org", null,
						Instant.now());
				sent.add(this.events.send(task));
			}
		});
		RestClient http = this.service.api();

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
