package dev.taskplatform.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Tally}'s calls to the services' own APIs: a GET of JSON, with the token when
 * the fleet is secured, and the readiness probe.
 */
final class ServiceCalls {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private ServiceCalls() {
	}

	static JsonNode get(String url, @Nullable String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
		}
		return json.readTree(response.body());
	}

	static boolean ready(String baseUrl) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
