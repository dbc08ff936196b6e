package dev.taskplatform.chaos;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady, bounded load on task-api from clients that behave as the README asks: every
 * creation carries an Idempotency-Key, and a creation or completion that is not answered
 * with success is retried with the same key ({@link RetryingClient}). The rate ramps up
 * over the first 10 s. Every task has an assignee; 40 % have no due date, 40 % are due
 * within the reminder lead (reminded at once), 20 % are due in two hours; 10 % are
 * completed 0.5 to 3 s after their 201. What task-api accepted is kept by
 * {@link AcceptedTasks}, every answer by the client.
 */
final class Load implements AutoCloseable {

	private static final Duration RAMP = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

	private final double perSecond;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final RetryingClient client;

	private final AcceptedTasks tasks = new AcceptedTasks();

	private final AtomicLong issued = new AtomicLong();

	private volatile boolean sending;

	private long startedNanos;

	Load(String baseUrl, double perSecond, @Nullable String token) {
		this.client = new RetryingClient(baseUrl, token, this.scheduler);
		this.perSecond = perSecond;
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
	 * Whether no request (a creation, a completion or a retry of one) is still in hand.
	 */
	boolean idle() {
		return this.client.idle();
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
		HttpRequest request = this.client.request("/tasks")
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", task.key())
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		this.client.send(request, "POST /tasks", 201, firstAttempt,
				(response, at) -> created(task, response, at, retried), () -> create(task, firstAttempt, true));
	}

	private void created(Planned task, HttpResponse<String> response, Instant at, boolean retried) {
		String id = this.json.readTree(response.body()).path("id").asString();
		boolean replayed = retried && response.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
		Accepted accepted = this.tasks.accept(task.key(), id, task.dueAt(), at, replayed);
		if (task.completeAfter() != null && accepted != null) {
			this.client.later(task.completeAfter().toMillis(), () -> complete(accepted, Instant.now()));
		}
	}

	private void complete(Accepted task, Instant firstAttempt) {
		HttpRequest request = this.client.request("/tasks/" + task.id() + "/complete")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		this.client.send(request, "POST /tasks/{id}/complete", 200, firstAttempt,
				(response, at) -> task.completedAnswer(at), () -> complete(task, firstAttempt));
	}

	Map<String, Accepted> accepted() {
		return this.tasks.accepted();
	}

	List<Answer> answers() {
		return this.client.answers();
	}

	List<String> keysAnsweredTwoTasks() {
		return this.tasks.keysAnsweredTwoTasks();
	}

	int gaveUp() {
		return this.client.gaveUp();
	}

	int replayedAfterAFailure() {
		return this.tasks.replayedAfterAFailure();
	}

	@Override
	public void close() {
		this.sending = false;
		this.scheduler.shutdownNow();
		this.client.close();
	}

	private record Planned(String key, String title, String assignee, @Nullable Instant dueAt,
			@Nullable Duration completeAfter) {
	}

}
