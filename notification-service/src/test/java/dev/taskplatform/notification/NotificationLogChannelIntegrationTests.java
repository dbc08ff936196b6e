package dev.taskplatform.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.taskplatform.events.Topics;
import dev.taskplatform.events.TaskEventSerializer;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without a webhook URL the service still runs: notifications go to the log, one line
 * each, without the payload.
 */
@ConsumerServiceTest
@ExtendWith(OutputCaptureExtension.class)
class NotificationLogChannelIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	@Test
	void withoutAWebhookNotificationsGoToTheLog(CapturedOutput output) {
		UUID taskId = UUID.randomUUID();
		TaskCreated created = new TaskCreated(taskId, "Confidential title", "Secret description", "mo@example.org",
				null, Instant.now());
		CloudEventAttributes sent = this.events.send(created);
		RestClient http = this.service.api();

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

	@Test
	void handlingAnEventJoinsTheTraceItCarries(CapturedOutput output) {
		UUID taskId = UUID.randomUUID();
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		TaskCreated created = new TaskCreated(taskId, "Traced", null, "tr@example.org", null, Instant.now());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TASK_CREATED, taskId.toString(),
				new TaskEventSerializer().serialize(Topics.TASK_CREATED, created));
		CloudEventAttributes attributes = CloudEventAttributes.of(created, UUID.randomUUID(), "/task-api",
				Instant.now());
		attributes.writeTo(record.headers());
		record.headers().add("traceparent", ("00-" + traceId + "-b7ad6b7169203331-01").getBytes());
		this.events.sendRaw(record);

		await().atMost(Duration.ofSeconds(45))
			.until(() -> output.getOut().lines().anyMatch((line) -> line.contains(attributes.id())));
		assertThat(output.getOut().lines().filter((line) -> line.contains(attributes.id()))).singleElement()
			.satisfies((line) -> assertThat(line).contains(traceId));
	}

}
