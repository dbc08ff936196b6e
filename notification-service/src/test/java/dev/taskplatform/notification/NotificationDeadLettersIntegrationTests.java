package dev.taskplatform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.TaskCreated;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.ConsumerServiceContract;
import dev.taskplatform.testinfra.ConsumerServiceTest;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.ServiceUnderTest;
import dev.taskplatform.testinfra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code deadletters} actuator endpoint on a real Kafka broker and a real PostgreSQL:
 * a refused webhook and a poison record are listed with why they failed, a redrive after
 * the receiver is fixed delivers once, a second redrive changes nothing, a record
 * redriven too often is refused, and no other topic than the service's own dead-letter
 * topics can be read or redriven. And the contract every consumer passes, for
 * notification-service.
 */
@ConsumerServiceTest(properties = { ConsumerServiceContract.EXPOSURE, ConsumerServiceContract.DEAD_LETTERS_ACCESS,
		"consumer.dead-letters.max-redrives=1", "notification.webhook.secret=dead-letters-test" })
class NotificationDeadLettersIntegrationTests implements ConsumerServiceContract {

	private static final String DEAD_LETTERS = Topics.deadLetter(Topics.TASK_CREATED, "notification-service");

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final WebhookReceiver receiver = WebhookReceiver.start();

	private static TopicRecorder created;

	@Autowired
	private ServiceUnderTest service;

	@Autowired
	private EventProducer events;

	private RestClient actuator;

	@DynamicPropertySource
	static void webhookReceiver(DynamicPropertyRegistry registry) {
		registry.add("notification.webhook.url", () -> receiver.url().toString());
	}

	@BeforeAll
	static void record() {
		created = TopicRecorder.start(KafkaServer.shared().bootstrapServers(), Topics.TASK_CREATED);
	}

	@AfterAll
	static void stop() {
		created.close();
		receiver.close();
	}

	@Override
	public String serviceName() {
		return "notification-service";
	}

	@Override
	public String listenerId() {
		return "notifications";
	}

	@Override
	public String readPath() {
		return "/notifications";
	}

	@Override
	public String consumedTopic() {
		return Topics.TASK_REMINDER_DUE;
	}

	@Override
	public String otherServiceName() {
		return "audit-service";
	}

	@BeforeEach
	void client() {
		this.actuator = RestClient.create(this.service.managementUrl() + "/actuator/deadletters");
	}

	@Test
	void refusedWebhookIsListedWithItsReasonAndARedriveDeliversItOnce() {
		UUID taskId = UUID.randomUUID();
		TaskCreated event = new TaskCreated(taskId, "Gone receiver", null, "lu@example.org", null, Instant.now());
		CloudEventAttributes attributes = CloudEventAttributes.of(event, UUID.randomUUID(), "/task-api",
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		receiver.answer(attributes.id(), 410);
		this.events.send(event, attributes);

		Map<String, Object> letter = await().atMost(Duration.ofSeconds(45))
			.until(() -> records("taskId=" + taskId), (records) -> records.size() == 1)
			.get(0);
		assertThat(letter).containsEntry("topic", DEAD_LETTERS)
			.containsEntry("key", taskId.toString())
			.containsEntry("eventId", attributes.id())
			.containsEntry("eventType", attributes.type())
			.containsEntry("redrives", 0);
		assertThat(Instant.parse((String) letter.get("deadLetteredAt"))).isAfter(attributes.time().minusSeconds(1));
		@SuppressWarnings("unchecked")
		Map<String, Object> failure = (Map<String, Object>) letter.get("failure");
		assertThat(failure).containsEntry("originalTopic", Topics.TASK_CREATED)
			.containsEntry("consumerGroup", "notification-service");
		assertThat(failure.get("exception")).isNotNull();
		assertThat((String) failure.get("message")).contains("webhook answered HTTP 410");
		assertThat(failure.get("originalOffset")).isNotNull();

		Map<String, Object> detail = this.actuator.get()
			.uri("/{topic}/{partition}/{offset}", DEAD_LETTERS, letter.get("partition"), letter.get("offset"))
			.retrieve()
			.body(OBJECT);
		assertThat(detail).containsEntry("valueEncoding", "utf-8");
		assertThat((String) detail.get("value")).contains("Gone receiver");
		assertThat((String) detail.get("stackTrace")).contains("NotRetryableException");
		assertThat(topicSummary()).containsEntry("originalTopic", Topics.TASK_CREATED);
		assertThat(((Number) topicSummary().get("records")).longValue()).isPositive();

		// a dry run sends nothing
		Map<String, Object> dryRun = redrive(Map.of("taskId", taskId.toString(), "dryRun", true));
		assertThat(dryRun).containsEntry("dryRun", true).containsEntry("to", Topics.TASK_CREATED);
		assertThat(redriven(dryRun)).singleElement()
			.satisfies(
					(sent) -> assertThat(sent).containsEntry("eventId", attributes.id()).containsEntry("redrives", 1));

		// the receiver takes it now; the operator redrives the task's dead letters
		receiver.answer(attributes.id(), 200);
		assertThat(redriven(redrive(Map.of("taskId", taskId.toString())))).hasSize(1);

		Map<String, Object> notification = awaitNotification(taskId, "SENT");
		assertThat(notification).containsEntry("attempts", 1);
		assertThat(receiver.requests(attributes.id())).hasSize(2);
		// on task.created: the original and one redrive (none from the dry run), with the
		// original key, value and CloudEvents id, without the dead-letter headers
		await().atMost(Duration.ofSeconds(30))
			.until(() -> created.records(Topics.TASK_CREATED, taskId.toString()), (records) -> records.size() == 2);
		List<ConsumerRecord<String, byte[]>> onTopic = created.records(Topics.TASK_CREATED, taskId.toString());
		ConsumerRecord<String, byte[]> again = onTopic.get(1);
		assertThat(again.value()).isEqualTo(onTopic.get(0).value());
		assertThat(CloudEventAttributes.header(again.headers(), "ce_id")).isEqualTo(attributes.id());
		assertThat(CloudEventAttributes.header(again.headers(), "taskplatform-redrives")).isEqualTo("1");
		assertThat(again.headers()).extracting(Header::key).noneMatch((key) -> key.startsWith("kafka_dlt"));

		// a second redrive reaches the topic and changes nothing
		assertThat(redriven(redrive(Map.of("taskId", taskId.toString())))).hasSize(1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> created.records(Topics.TASK_CREATED, taskId.toString()), (records) -> records.size() == 3);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(created.records(Topics.TASK_CREATED, taskId.toString())).hasSize(3);
			assertThat(receiver.requests(attributes.id())).hasSize(2);
			assertThat(notifications("taskId=" + taskId)).singleElement()
				.satisfies((row) -> assertThat(row).containsEntry("status", "SENT").containsEntry("attempts", 1));
		});
		assertThat(prometheus().lines()
			.filter((line) -> line.startsWith("deadletters_redriven_total{") && line.contains(DEAD_LETTERS))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void poisonRecordIsListedAndOneRedrivenTooOftenIsRefused() {
		String key = UUID.randomUUID().toString();
		this.events.sendRaw(new ProducerRecord<>(Topics.TASK_CREATED, key,
				"{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8)));
		Map<String, Object> first = await().atMost(Duration.ofSeconds(45))
			.until(() -> records("taskId=" + key), (records) -> records.size() == 1)
			.get(0);
		assertThat((String) failureOf(first).get("message")).contains("ce_");
		assertThat(first).containsEntry("eventId", null);

		// it fails again and comes back counted
		assertThat(redriven(redrive(Map.of("taskId", key)))).hasSize(1);
		Map<String, Object> second = await().atMost(Duration.ofSeconds(45))
			.until(() -> records("taskId=" + key), (records) -> records.size() == 2)
			.get(1);
		assertThat(second).containsEntry("redrives", 1);

		// consumer.dead-letters.max-redrives is 1 here: the twice-failed record stays put
		Map<String, Object> refusedOne = redrive(Map.of("partition", second.get("partition"), "fromOffset",
				second.get("offset"), "toOffset", second.get("offset")));
		assertThat(redriven(refusedOne)).isEmpty();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> refused = (List<Map<String, Object>>) refusedOne.get("refused");
		assertThat(refused).singleElement()
			.satisfies((record) -> assertThat((String) record.get("reason")).contains("redriven 1 times already"));
		assertThat(notifications("taskId=" + key)).isEmpty();
	}

	@Test
	void aPageGoesOnWhereThePreviousOneEnded() {
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 3; i++) {
			this.events.sendRaw(new ProducerRecord<>(Topics.TASK_CREATED, key,
					("{\"poison\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
		}
		await().atMost(Duration.ofSeconds(45)).until(() -> records("taskId=" + key), (records) -> records.size() == 3);

		List<Object> offsets = new ArrayList<>();
		String page = null;
		int pages = 0;
		do {
			Map<String, Object> answer = this.actuator.get()
				.uri("/" + DEAD_LETTERS + "?taskId=" + key + "&limit=1" + ((page != null) ? "&page=" + page : ""))
				.retrieve()
				.body(OBJECT);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> records = (List<Map<String, Object>>) answer.get("records");
			records.forEach((record) -> offsets.add(record.get("offset")));
			page = (String) answer.get("next");
			pages++;
		}
		while (page != null && pages < 10);

		assertThat(offsets).hasSize(3).doesNotHaveDuplicates();
		assertThat(pages).isBetween(3, 4);
	}

	@Test
	void onlyTheServicesOwnDeadLetterTopicsCanBeReadOrRedriven() {
		String foreign = Topics.deadLetter(Topics.TASK_CREATED, "audit-service");
		assertThat(postStatus("/" + Topics.TASK_CREATED, Map.of("since", "2020-01-01T00:00:00Z"))).isEqualTo(404);
		assertThat(postStatus("/" + foreign, Map.of("since", "2020-01-01T00:00:00Z"))).isEqualTo(404);
		assertThat(getStatus("/" + foreign)).isEqualTo(404);
		assertThat(getStatus("/" + Topics.TASK_CREATED + "/0/0")).isEqualTo(404);

		// bad selections are problems, not errors
		assertThat(postStatus("/" + DEAD_LETTERS, Map.of())).isEqualTo(400);
		assertThat(postStatus("/" + DEAD_LETTERS, Map.of("since", "yesterday"))).isEqualTo(400);
		assertThat(getStatus("/" + DEAD_LETTERS + "?fromOffset=3")).isEqualTo(400);
		assertThat(getStatus("/" + DEAD_LETTERS + "?page=nowhere")).isEqualTo(400);
		assertThat(getStatus("/" + DEAD_LETTERS + "?limit=0")).isEqualTo(400);
		assertThat(getStatus("/" + DEAD_LETTERS + "/0/999999999")).isEqualTo(404);
	}

	private List<Map<String, Object>> records(String query) {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> records = (List<Map<String, Object>>) this.actuator.get()
			.uri("/" + DEAD_LETTERS + "?" + query)
			.retrieve()
			.body(OBJECT)
			.get("records");
		return records;
	}

	private Map<String, Object> topicSummary() {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> topics = (List<Map<String, Object>>) this.actuator.get()
			.retrieve()
			.body(OBJECT)
			.get("topics");
		return topics.stream().filter((topic) -> DEAD_LETTERS.equals(topic.get("name"))).findFirst().orElseThrow();
	}

	private Map<String, Object> redrive(Map<String, Object> body) {
		return this.actuator.post()
			.uri("/" + DEAD_LETTERS)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(OBJECT);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> redriven(Map<String, Object> answer) {
		return (List<Map<String, Object>>) answer.get("redriven");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> failureOf(Map<String, Object> letter) {
		return (Map<String, Object>) letter.get("failure");
	}

	private int postStatus(String path, Map<String, Object> body) {
		return this.actuator.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private int getStatus(String path) {
		return this.actuator.get().uri(path).exchange((request, response) -> response.getStatusCode().value());
	}

	private String prometheus() {
		return this.service.management().get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private Map<String, Object> awaitNotification(UUID taskId, String status) {
		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(notifications("taskId=" + taskId)).singleElement()
				.extracting((item) -> item.get("status"))
				.isEqualTo(status));
		return notifications("taskId=" + taskId).get(0);
	}

	private List<Map<String, Object>> notifications(String query) {
		return this.service.api().get().uri("/notifications?" + query).retrieve().body(LIST);
	}

}
