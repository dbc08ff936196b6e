package dev.taskplatform.testinfra;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.taskplatform.events.TaskCreated;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every consumer service must do, written once and run for each: a bad query of its
 * read API is a 400 problem, its probes answer UP on the API's port, it consumes under
 * its own consumer group, a poison record goes to its own dead-letter topic (listed,
 * redriven and counted by the {@code deadletters} endpoint, as {@link DeadLetterChecks}
 * checks), and a processed event is counted with its end-to-end latency.
 * <p>
 * One test class per service, annotated {@link ConsumerServiceTest}, implements this
 * interface and names what differs; JUnit runs the default methods below as that class's
 * tests, in its context (their {@code @Autowired} parameters come from it). The class
 * exposes the endpoints the checks read, with the two properties below:
 * <pre class="code">
 * &#64;ConsumerServiceTest(properties = { ConsumerServiceContract.EXPOSURE,
 *         ConsumerServiceContract.DEAD_LETTERS_ACCESS })
 * class AuditServiceIntegrationTests implements ConsumerServiceContract {
 *     public String serviceName() { return "audit-service"; }
 *     // listenerId(), readPath(), consumedTopic(), otherServiceName() likewise
 * }</pre>
 */
public interface ConsumerServiceContract {

	/** The actuator endpoints the contract reads (probes, metrics, dead letters). */
	String EXPOSURE = "management.endpoints.web.exposure.include=health,info,prometheus,deadletters";

	/** The dead letters may be redriven without a role (a test has none). */
	String DEAD_LETTERS_ACCESS = "management.endpoint.deadletters.access=unrestricted";

	/**
	 * The service's {@code spring.application.name}: the consumer group it must consume
	 * under (consumer-support's default), the {@code application} tag of its metrics and
	 * the group its dead-letter topics are named after.
	 * @return e.g. {@code audit-service}
	 */
	String serviceName();

	/**
	 * The id of the service's {@code @KafkaListener}.
	 * @return e.g. {@code audit}
	 */
	String listenerId();

	/**
	 * The read route that takes {@code taskId} and {@code limit} (from 1 to 1000).
	 * @return e.g. {@code /audit-events}
	 */
	String readPath();

	/**
	 * A topic the service consumes, where the poison record is sent.
	 * @return e.g. {@code task.completed}
	 */
	String consumedTopic();

	/**
	 * Another consumer service's name, whose dead-letter topics this one must not serve.
	 * @return e.g. {@code reminder-service}
	 */
	String otherServiceName();

	/**
	 * Queries of {@link #readPath()} that must be refused, each as it goes on the wire
	 * (percent-encoded): by default a limit below and above its range and a task id that
	 * is no UUID. A service adds its own.
	 * @return the queries, without the {@code ?}
	 */
	default List<String> badQueries() {
		return List.of("limit=0", "limit=1001", "taskId=not-a-uuid");
	}

	@Test
	default void aBadQueryIsAProblem(@Autowired ServiceUnderTest service) {
		for (String query : badQueries()) {
			assertThat(statusAndType(service, query)).as("?%s", query).isEqualTo("400 application/problem+json");
		}
		assertThat(statusAndType(service, "limit=1000")).startsWith("200 ");
	}

	@Test
	default void probesAnswerUpOnTheApiPort(@Autowired ServiceUnderTest service) {
		for (String probe : List.of("/livez", "/readyz")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(statusAndBody(service, probe)).as(probe)
					.startsWith("200 ")
					.contains("\"status\":\"UP\""));
		}
	}

	@Test
	default void consumesUnderItsOwnGroup(@Autowired ServiceUnderTest service,
			@Autowired KafkaListenerEndpointRegistry listeners) {
		MessageListenerContainer listener = listeners.getListenerContainer(listenerId());
		assertThat(listener).as("listener " + listenerId()).isNotNull();
		assertThat(listener.getGroupId()).isEqualTo(serviceName());
		assertThat(listener.getContainerProperties().getTopics()).contains(consumedTopic());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ConsumerGroups.members(service.bootstrapServers(), serviceName()) > 0);
	}

	@Test
	default void aPoisonRecordIsListedInItsOwnDeadLetterTopicAndRedriven(@Autowired ServiceUnderTest service,
			@Autowired EventProducer events) {
		int endpoint = service.management()
			.get()
			.uri("/actuator/deadletters")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(endpoint).as("/actuator/deadletters, exposed as EXPOSURE says").isEqualTo(200);
		DeadLetterChecks.poisonIsListedAndRedriven(service.managementUrl(), events, consumedTopic(), serviceName(),
				otherServiceName());
	}

	@Test
	default void aProcessedEventIsCountedWithItsEndToEndLatency(@Autowired ServiceUnderTest service,
			@Autowired EventProducer events) {
		String series = "{application=\"" + serviceName() + "\",type=\"task.created\"";
		double before = sum(prometheus(service), "events_processed_total" + series + "}");

		events.send(new TaskCreated(UUID.randomUUID(), "Measure me", null, null, null, Instant.now()));

		await().atMost(Duration.ofSeconds(45))
			.until(() -> sum(prometheus(service), "events_processed_total" + series + "}") > before);
		assertThat(prometheus(service)).contains("events_end_to_end_seconds_bucket" + series);
	}

	private String statusAndType(ServiceUnderTest service, String query) {
		URI uri = URI.create(service.apiUrl() + readPath() + "?" + query);
		return service.api()
			.get()
			.uri(uri)
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ response.getHeaders().getContentType());
	}

	private static String statusAndBody(ServiceUnderTest service, String path) {
		return service.api()
			.get()
			.uri(path)
			.exchange((request, response) -> response.getStatusCode().value() + " " + response.bodyTo(String.class));
	}

	private static String prometheus(ServiceUnderTest service) {
		return service.management().get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private static double sum(String metrics, String series) {
		return metrics.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
