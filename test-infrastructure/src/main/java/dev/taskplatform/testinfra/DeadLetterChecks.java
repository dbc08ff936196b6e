package dev.taskplatform.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.taskplatform.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every consumer service's {@code deadletters} actuator endpoint must do, on its
 * real broker: a poison record is listed in the service's own dead-letter topic with why
 * it failed, a redrive sends it back to its topic (where it fails again and comes back
 * counted), and no other service's dead-letter topic is known. The service must expose
 * the endpoint with access unrestricted.
 */
public final class DeadLetterChecks {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private DeadLetterChecks() {
	}

	/**
	 * Runs the checks.
	 * @param managementUrl the service's management base URL, e.g.
	 * {@code http://localhost:9082}
	 * @param events a producer on the service's broker
	 * @param topic a topic the service consumes
	 * @param group the service's consumer group
	 * @param otherGroup another service's group, whose dead-letter topics are not this
	 * one's
	 */
	public static void poisonIsListedAndRedriven(String managementUrl, EventProducer events, String topic, String group,
			String otherGroup) {
		String endpoint = managementUrl + "/actuator/deadletters";
		String deadLetters = Topics.deadLetter(topic, group);
		String key = UUID.randomUUID().toString();
		events.sendRaw(new ProducerRecord<>(topic, key, "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8)));

		JsonNode first = await().atMost(Duration.ofSeconds(45))
			.until(() -> records(endpoint, deadLetters, key), (records) -> records.size() == 1)
			.get(0);
		assertThat(first.path("failure").path("originalTopic").asString()).isEqualTo(topic);
		assertThat(first.path("failure").path("consumerGroup").asString()).isEqualTo(group);
		assertThat(first.path("failure").path("message").asString()).isNotBlank();
		assertThat(first.path("redrives").asInt()).isZero();
		assertThat(json.readTree(get(endpoint).body())
			.path("topics")
			.valueStream()
			.map((summary) -> summary.path("name").asString())).contains(deadLetters);

		HttpResponse<String> redrive = post(endpoint + "/" + deadLetters, "{\"taskId\":\"" + key + "\"}");
		assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(200);
		assertThat(json.readTree(redrive.body()).path("redriven").size()).isEqualTo(1);
		JsonNode again = await().atMost(Duration.ofSeconds(45))
			.until(() -> records(endpoint, deadLetters, key), (records) -> records.size() == 2)
			.get(1);
		assertThat(again.path("redrives").asInt()).isEqualTo(1);

		String foreign = Topics.deadLetter(topic, otherGroup);
		assertThat(get(endpoint + "/" + foreign).statusCode()).isEqualTo(404);
		assertThat(post(endpoint + "/" + foreign, "{\"since\":\"2020-01-01T00:00:00Z\"}").statusCode()).isEqualTo(404);
		assertThat(post(endpoint + "/" + topic, "{\"since\":\"2020-01-01T00:00:00Z\"}").statusCode()).isEqualTo(404);
	}

	private static List<JsonNode> records(String endpoint, String deadLetters, String key) {
		HttpResponse<String> response = get(endpoint + "/" + deadLetters + "?taskId=" + key);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).path("records").valueStream().toList();
	}

	private static HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).build());
	}

	private static HttpResponse<String> post(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
