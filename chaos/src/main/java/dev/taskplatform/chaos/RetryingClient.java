package dev.taskplatform.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the {@link Load}'s requests to task-api, with the token when the fleet is
 * secured, as a client that behaves as the README asks: a request that is not answered
 * with success (a refused connection, a 503, a timeout) is sent again, after
 * {@code Retry-After} with a growing, random pause, until it is or {@link #GIVE_UP_AFTER}
 * has passed. Every answer is kept with its time, to be classified against the faults,
 * and every request in hand (sent, or waiting for its turn) is counted.
 */
final class RetryingClient implements AutoCloseable {

	static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final @Nullable String authorization;

	private final ScheduledExecutorService scheduler;

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger gaveUp = new AtomicInteger();

	RetryingClient(String baseUrl, @Nullable String token, ScheduledExecutorService scheduler) {
		this.baseUrl = baseUrl;
		this.authorization = (token != null) ? "Bearer " + token : null;
		this.scheduler = scheduler;
	}

	/** A request to task-api, with the token when the fleet is secured. */
	HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(REQUEST_TIMEOUT);
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		return request;
	}

	/** Whether no request (one sent, or one waiting for its turn) is in hand. */
	boolean idle() {
		return this.inFlight.get() == 0;
	}

	/**
	 * Sends a request and keeps its answer; on the expected status hands the response on,
	 * on no answer or a 5xx sends it again after a pause.
	 */
	void send(HttpRequest request, String name, int success, Instant firstAttempt,
			BiConsumer<HttpResponse<String>, Instant> onSuccess, Runnable again) {
		this.inFlight.incrementAndGet();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
			try {
				Instant at = Instant.now();
				if (failure != null) {
					this.answers.add(new Answer(at, name, 0, failure.getClass().getSimpleName()));
					retry(firstAttempt, Duration.ofMillis(500), again);
					return;
				}
				this.answers.add(new Answer(at, name, response.statusCode(), title(response)));
				if (response.statusCode() == success) {
					onSuccess.accept(response, at);
				}
				else if (response.statusCode() >= 500) {
					retry(firstAttempt, retryAfter(response), again);
				}
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		});
	}

	private @Nullable String title(HttpResponse<String> response) {
		if (response.statusCode() < 400) {
			return null;
		}
		try {
			return this.json.readTree(response.body()).path("title").asString(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Retries after the server's pause (or half a second), plus up to as much again at
	 * random, and a pause that doubles with the attempts already made (up to 8 s):
	 * clients that all retry at the same moment would come back as one wave.
	 */
	private void retry(Instant firstAttempt, Duration after, Runnable attempt) {
		Instant now = Instant.now();
		if (now.isAfter(firstAttempt.plus(GIVE_UP_AFTER))) {
			this.gaveUp.incrementAndGet();
			return;
		}
		long tried = Duration.between(firstAttempt, now).toMillis();
		long pause = Math.min(8_000, Math.max(after.toMillis(), tried / 2));
		long jittered = pause + ThreadLocalRandom.current().nextLong(pause + 1);
		later(jittered, attempt);
	}

	/**
	 * Makes an attempt (a retry, or a completion) after a pause, in hand while it waits.
	 * @param millis the pause
	 * @param attempt what sends the request
	 */
	void later(long millis, Runnable attempt) {
		this.inFlight.incrementAndGet();
		this.scheduler.schedule(() -> {
			// the attempt counts itself in flight before this one stops
			attempt.run();
			this.inFlight.decrementAndGet();
		}, millis, TimeUnit.MILLISECONDS);
	}

	private static Duration retryAfter(HttpResponse<?> response) {
		Optional<String> header = response.headers().firstValue("Retry-After");
		try {
			return header.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds.trim())))
				.orElse(Duration.ofMillis(500));
		}
		catch (NumberFormatException ex) {
			return Duration.ofMillis(500);
		}
	}

	List<Answer> answers() {
		return List.copyOf(this.answers);
	}

	int gaveUp() {
		return this.gaveUp.get();
	}

	/** Closes the HTTP client; the scheduler is the load's. */
	@Override
	public void close() {
		this.http.close();
	}

}
