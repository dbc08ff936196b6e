package dev.taskplatform.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every secured read API answers, checked over HTTP against a running service: no
 * token, a refused token (expired, another key, issuer or audience, unsigned, without a
 * subject) and a token without the route's scope are problems with a bearer challenge;
 * the right scope is let in, for GET and HEAD; a method no rule names is refused; the
 * probes are open on the API's port and the actuator answers only on the management port.
 * The consumers' security tests each run these against their own route.
 */
public final class SecuredApiChecks {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private SecuredApiChecks() {
	}

	/**
	 * Runs every check.
	 * @param apiUrl the service's API base URL
	 * @param managementUrl its management base URL
	 * @param path a read route, e.g. {@code /audit-events}
	 * @param scope the scope the route asks for
	 * @param tokens the key the service takes tokens of
	 */
	public static void assertReadApiSecured(String apiUrl, String managementUrl, String path, String scope,
			DevelopmentTokens tokens) {
		HttpResponse<String> none = get(apiUrl + path, null);
		assertThat(none.statusCode()).as("no token").isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).as("no token").hasValue("Bearer");
		assertProblem(none, 401);

		JWTClaimsSet valid = tokens.claims("reader", Duration.ofHours(1), scope).build();
		Map<String, String> refused = tokens.refusedVariants(valid);
		refused.forEach((why, token) -> {
			HttpResponse<String> response = get(apiUrl + path, token);
			assertThat(response.statusCode()).as(why).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(why)
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
			assertProblem(response, 401);
		});

		HttpResponse<String> otherScope = get(apiUrl + path, tokens.token("reader", "tasks:read"));
		assertThat(otherScope.statusCode()).as("another scope").isEqualTo(403);
		assertThat(otherScope.headers().firstValue("WWW-Authenticate")).as("another scope")
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"insufficient_scope\"")
				.contains("scope=\"" + scope + "\""));
		assertProblem(otherScope, 403);

		assertThat(get(apiUrl + path, tokens.sign(valid)).statusCode()).as("the route's scope").isEqualTo(200);
		// HEAD is answered by the GET handler: it needs the GET's scope
		assertThat(send(apiUrl + path, "HEAD", null).statusCode()).as("HEAD, no token").isEqualTo(401);
		assertThat(send(apiUrl + path, "HEAD", tokens.token("reader", "tasks:read")).statusCode())
			.as("HEAD, another scope")
			.isEqualTo(403);
		assertThat(send(apiUrl + path, "HEAD", tokens.sign(valid)).statusCode()).as("HEAD, the route's scope")
			.isEqualTo(200);
		// a route without a rule is nobody's, whatever the token
		String everyScope = tokens.token("admin", DevelopmentTokens.ALL_SCOPES.toArray(String[]::new));
		assertThat(send(apiUrl + path, "DELETE", everyScope).statusCode()).as("a method no rule names").isEqualTo(403);

		assertThat(get(apiUrl + "/livez", null).statusCode()).as("liveness probe, no token").isEqualTo(200);
		assertThat(get(apiUrl + "/readyz", null).statusCode()).as("readiness probe, no token").isEqualTo(200);
		HttpResponse<String> apiPortMetrics = get(apiUrl + "/actuator/prometheus", everyScope);
		assertThat(apiPortMetrics.statusCode()).as("metrics on the API port").isEqualTo(403);
		assertThat(apiPortMetrics.body()).doesNotContain("jvm_memory_used_bytes");
		HttpResponse<String> metrics = get(managementUrl + "/actuator/prometheus", null);
		assertThat(metrics.statusCode()).as("metrics on the management port").isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":" + status);
	}

	private static HttpResponse<String> get(String url, @Nullable String token) {
		return send(url, "GET", token);
	}

	private static HttpResponse<String> send(String url, String method, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
