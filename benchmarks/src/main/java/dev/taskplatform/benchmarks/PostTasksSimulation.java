package dev.taskplatform.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * {@code POST /tasks}, either from a fixed number of connections, each sending its next
 * request as soon as the previous one is answered (closed model), or at a fixed arrival
 * rate whatever the answers take (open model). Every request must be answered 201.
 * <p>
 * Settings (system properties): {@code benchmark.target} (base URL),
 * {@code benchmark.connections} or {@code benchmark.rate} (requests/s),
 * {@code benchmark.duration} (ISO-8601); the environment's {@code BENCHMARK_TOKEN}, when
 * set, is sent as a bearer token with every request.
 */
public class PostTasksSimulation extends Simulation {

	private static final AtomicLong sequence = new AtomicLong();

	private static final String DUE_AT = Instant.now()
		.plus(30, ChronoUnit.DAYS)
		.truncatedTo(ChronoUnit.SECONDS)
		.toString();

	// Gatling's DSL: setUp is called from the constructor
	@SuppressWarnings("this-escape")
	public PostTasksSimulation() {
		String target = System.getProperty("benchmark.target", "http://localhost:8080");
		Duration duration = Duration.parse(System.getProperty("benchmark.duration", "PT60S"));
		Integer rate = Integer.getInteger("benchmark.rate");
		HttpProtocolBuilder protocol = http.baseUrl(target)
			.contentTypeHeader("application/json")
			.acceptHeader("application/json");
		String token = System.getenv("BENCHMARK_TOKEN");
		if (token != null && !token.isBlank()) {
			protocol = protocol.authorizationHeader("Bearer " + token);
		}
		ChainBuilder post = exec(http("POST /tasks").post("/tasks")
			.body(StringBody((session) -> body(sequence.incrementAndGet())))
			.check(status().is(201)));
		PopulationBuilder population;
		if (rate != null) {
			// one request per arriving user, over a shared pool of kept-alive connections
			population = scenario("POST /tasks at " + rate + " requests/s").exec(post)
				.injectOpen(constantUsersPerSec(rate).during(duration));
			protocol = protocol.shareConnections();
		}
		else {
			// one connection per user, kept alive, each looping for the whole run
			int connections = Integer.getInteger("benchmark.connections", 64);
			population = scenario("POST /tasks from " + connections + " connections").during(duration)
				.on(post)
				.injectOpen(atOnceUsers(connections));
		}
		setUp(population).protocols(protocol);
	}

	/**
	 * A task every consumer has work for: an assignee to notify and a due date to remind
	 * of.
	 */
	static String body(long n) {
		return "{\"title\":\"Benchmark task " + n + "\",\"description\":\"created by the benchmark\","
				+ "\"assignee\":\"user-" + (n % 1000) + "@example.org\",\"dueAt\":\"" + DUE_AT + "\"}";
	}

}
