package dev.taskplatform.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady, bounded load on task-api from clients that behave as the README asks: every
 * creation carries an Idempotency-Key, and a creation or completion that is not answered
 * with success (a refused connection, a 503, a timeout) is retried with the same key,
 * after {@code Retry-After} with a growing, random pause, until it is or
 * {@link #GIVE_UP_AFTER} has passed. The rate ramps up over the first 10 s. Every task
 * has an assignee; 40 % have no due date, 40 % are due within the reminder lead (reminded
 * at once), 20 % are due in two hours; 10 % are completed 0.5 to 3 s after their 201.
 * Every answer is kept with its time, to be classified against the faults.
 */
final class Load implements AutoCloseable {

	static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RAMP = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final @Nullable String authorization;

	private final double perSecond;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

	private final Map<String, String> taskOfKey = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> keysAnsweredTwoTasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger gaveUp = new AtomicInteger();

	private final AtomicInteger replayedAfterAFailure = new AtomicInteger();

	private final AtomicLong issued = new AtomicLong();

	private volatile boolean sending;

	private long startedNanos;

	Load(String baseUrl, double perSecond, @Nullable String token) {
		this.baseUrl = baseUrl;
		this.perSecond = perSecond;
		this.authorization = (token != null) ? "Bearer " + token : null;
	}

	/** A request to task-api, with the token when the fleet is secured. */
	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(REQUEST_TIMEOUT);
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		return request;
	}

	void start() {
		this.sending = true;
		this.startedNanos = System.nanoTime();
		this.scheduler.scheduleAtFixedRate(this::issueDue, 0, 10, TimeUnit.MILLISECONDS);
	}

	/** Stops creating tasks; the retries and completions in hand go on. */
	void stopCreating() {
		this.sending = false;
	}

	/**
	 * Whether a request (a creation, a completion or a retry of one) is still in hand.
	 */
	boolean idle() {
		return this.inFlight.get() == 0;
	}

	private void issueDue() {
		if (!this.sending) {
			return;
		}
		double seconds = (System.nanoTime() - this.startedNanos) / 1e9;
		// a ramp over the first RAMP seconds: the services start cold
		double ramp = RAMP.toSeconds();
		double sent = (seconds < ramp) ? seconds * seconds / (2 * ramp) : seconds - ramp / 2;
		long due = (long) (sent * this.perSecond);
		while (this.issued.get() < due) {
			this.issued.incrementAndGet();
			create(plan(), Instant.now(), false);
		}
	}

	private static Planned plan() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String key = UUID.randomUUID().toString();
		double dice = random.nextDouble();
		Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		@Nullable Instant dueAt = (dice < 0.4) ? null
				: (dice < 0.8) ? now.plusSeconds(random.nextInt(60, 600)) : now.plus(Duration.ofHours(2));
		@Nullable Duration completeAfter = (random.nextDouble() < 0.1) ? Duration.ofMillis(random.nextLong(500, 3000)) : null;
		return new Planned(key, "Chaos task " + key.substring(0, 8), "chaos+" + key.substring(0, 8) + "@example.org",
				dueAt, completeAfter);
	}

	private void create(Planned task, Instant firstAttempt, boolean retried) {
		StringBuilder body = new StringBuilder("{\"title\":\"").append(task.title())
			.append("\",\"assignee\":\"")
			.append(task.assignee())
			.append('"');
		if (task.dueAt() != null) {
			body.append(",\"dueAt\":\"").append(task.dueAt()).append('"');
		}
		body.append('}');
		HttpRequest request = request("/tasks").header("Content-Type", "application/json")
			.header("Idempotency-Key", task.key())
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		send(request, "POST /tasks", 201, firstAttempt, (response, at) -> created(task, response, at, retried),
				() -> create(task, firstAttempt, true));
	}

	private void created(Planned task, HttpResponse<String> response, Instant at, boolean retried) {
		JsonNode body = this.json.readTree(response.body());
		String id = body.path("id").asString();
		String earlier = this.taskOfKey.putIfAbsent(task.key(), id);
		if (earlier != null && !earlier.equals(id)) {
			this.keysAnsweredTwoTasks.add(task.key());
		}
		if (retried && response.headers().firstValue("Idempotent-Replayed").orElse("").equals("true")) {
			// an attempt that failed (in doubt) had stored the task: the retry found it
			this.replayedAfterAFailure.incrementAndGet();
		}
		Accepted accepted = this.accepted.computeIfAbsent(id,
				(taskId) -> new Accepted(taskId, task.key(), task.dueAt(), at));
		if (task.completeAfter() != null && earlier == null) {
			this.inFlight.incrementAndGet();
			this.scheduler.schedule(() -> {
				// the request counts itself in flight before this one stops
				complete(accepted, Instant.now());
				this.inFlight.decrementAndGet();
			}, task.completeAfter().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void complete(Accepted task, Instant firstAttempt) {
		HttpRequest request = request("/tasks/" + task.id() + "/complete").POST(HttpRequest.BodyPublishers.noBody())
			.build();
		send(request, "POST /tasks/{id}/complete", 200, firstAttempt, (response, at) -> task.completedAnswer(at),
				() -> complete(task, firstAttempt));
	}

	/**
	 * Sends a request and keeps its answer; on the expected status hands the response on,
	 * on no answer or a 5xx sends it again after a pause.
	 */
	private void send(HttpRequest request, String name, int success, Instant firstAttempt,
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
		this.inFlight.incrementAndGet();
		this.scheduler.schedule(() -> {
			// the attempt counts itself in flight before this one stops
			attempt.run();
			this.inFlight.decrementAndGet();
		}, jittered, TimeUnit.MILLISECONDS);
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

	Map<String, Accepted> accepted() {
		return Map.copyOf(this.accepted);
	}

	List<Answer> answers() {
		return List.copyOf(this.answers);
	}

	List<String> keysAnsweredTwoTasks() {
		return List.copyOf(this.keysAnsweredTwoTasks);
	}

	int gaveUp() {
		return this.gaveUp.get();
	}

	int replayedAfterAFailure() {
		return this.replayedAfterAFailure.get();
	}

	@Override
	public void close() {
		this.sending = false;
		this.scheduler.shutdownNow();
		this.http.close();
	}

	private record Planned(String key, String title, String assignee, @Nullable Instant dueAt,
			@Nullable Duration completeAfter) {
	}

	/**
	 * An answer task-api gave, or a request it did not answer (status 0).
	 *
	 * @param at when
	 * @param request which request
	 * @param status the HTTP status, 0 if none
	 * @param error the failure if no status, else the problem's title if not a success
	 */
	record Answer(Instant at, String request, int status, @Nullable String error) {

		/**
		 * A 503 "At capacity": shed for overload, nothing done, the documented answer.
		 */
		boolean shed() {
			return this.status == 503 && "At capacity".equals(this.error);
		}

	}

	/**
	 * A task answered 201.
	 */
	static final class Accepted {

		private final String id;

		private final String key;

		private final @Nullable Instant dueAt;

		private final Instant createdAnswer;

		private volatile @Nullable Instant completedAnswer;

		Accepted(String id, String key, @Nullable Instant dueAt, Instant createdAnswer) {
			this.id = id;
			this.key = key;
			this.dueAt = dueAt;
			this.createdAnswer = createdAnswer;
		}

		String id() {
			return this.id;
		}

		String key() {
			return this.key;
		}

		@Nullable Instant dueAt() {
			return this.dueAt;
		}

		Instant createdAnswer() {
			return this.createdAnswer;
		}

		/** When the completion was answered 200, if it was. */
		@Nullable Instant completedAnswer() {
			return this.completedAnswer;
		}

		void completedAnswer(Instant at) {
			if (this.completedAnswer == null) {
				this.completedAnswer = at;
			}
		}

	}

}
