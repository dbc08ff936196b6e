package dev.taskplatform.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import dev.taskplatform.testinfra.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedule is durable and shared: reminders scheduled by one replica fire once across
 * several, and a reminder whose moment passed while no replica was running fires once
 * when one starts. Each test runs reminder-service as whole applications on one database.
 */
class ReminderReplicasIntegrationTests {

	private static final Duration LEAD = Duration.ofSeconds(2);

	private final List<ConfigurableApplicationContext> applications = new ArrayList<>();

	@AfterEach
	void stopApplications() {
		this.applications.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void twoSchedulersOnOneDatabaseFireEachReminderOnce() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		startReminderService(database);
		startReminderService(database);
		List<String> tasks = new ArrayList<>();
		try (TopicRecorder published = TopicRecorder.start(bootstrapServers(), Topics.TASK_REMINDER_DUE);
				EventProducer events = EventProducer.connect(bootstrapServers())) {
			Instant dueAt = Instant.now().plus(LEAD).plusSeconds(2);
			for (int i = 0; i < 20; i++) {
				UUID taskId = UUID.randomUUID();
				tasks.add(taskId.toString());
				events.send(new TaskCreated(taskId, "Replicated " + i, null, null, dueAt, Instant.now()));
			}

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(published)).containsAll(tasks));
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(6))
				.untilAsserted(() -> assertThat(keys(published).stream().filter(tasks::contains)).hasSize(tasks.size())
					.doesNotHaveDuplicates());
		}
	}

	@Test
	void reminderDueWhileNoReplicaRanFiresOnceAfterRestart() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		ConfigurableApplicationContext first = startReminderService(database);
		UUID taskId = UUID.randomUUID();
		try (TopicRecorder published = TopicRecorder.start(bootstrapServers(), Topics.TASK_REMINDER_DUE);
				EventProducer events = EventProducer.connect(bootstrapServers())) {
			Instant remindAt = Instant.now().plusSeconds(6);
			events.send(new TaskCreated(taskId, "Across a restart", null, null, remindAt.plus(LEAD), Instant.now()));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(status(first, taskId)).isEqualTo("SCHEDULED"));
			first.close();

			Duration untilPastDue = Duration.between(Instant.now(), remindAt).plusSeconds(1);
			await().during(untilPastDue)
				.atMost(untilPastDue.plusSeconds(5))
				.until(() -> published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).isEmpty());

			ConfigurableApplicationContext second = startReminderService(database);

			await().atMost(Duration.ofSeconds(15))
				.until(() -> !published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).isEmpty());
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> published.records(Topics.TASK_REMINDER_DUE, taskId.toString()).size() == 1);
			assertThat(status(second, taskId)).isEqualTo("SENT");
		}
	}

	private ConfigurableApplicationContext startReminderService(PostgresDatabase database) {
		Map<String, Object> properties = new LinkedHashMap<>(SpringProperties.jdbc(database, bootstrapServers()));
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("reminder.lead", LEAD.toString());
		// two replicas share the topics' partitions: one consumer each, so that both get
		// some (with a thread per partition each, the second would wait idle)
		properties.put("spring.kafka.listener.concurrency", "1");
		ConfigurableApplicationContext application = new SpringApplicationBuilder(ReminderServiceApplication.class)
			.run(SpringProperties.asArguments(properties));
		this.applications.add(application);
		KafkaListenerEndpointRegistry listeners = application.getBean(KafkaListenerEndpointRegistry.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !listeners.getListenerContainer("reminders").getAssignedPartitions().isEmpty());
		return application;
	}

	private static List<String> keys(TopicRecorder recorder) {
		return recorder.records().stream().map((record) -> record.key()).toList();
	}

	private static String status(ConfigurableApplicationContext application, UUID taskId) {
		List<Map<String, Object>> reminders = RestClient
			.create("http://localhost:" + application.getEnvironment().getProperty("local.server.port"))
			.get()
			.uri("/reminders?taskId={id}", taskId)
			.retrieve()
			.body(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			});
		assertThat(reminders).hasSize(1);
		return (String) reminders.get(0).get("status");
	}

	private static String bootstrapServers() {
		return KafkaServer.shared().bootstrapServers();
	}

}
