package dev.taskplatform.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server standing in for a webhook receiver: it records every request
 * (headers and exact body bytes) and answers with statuses scripted per event id (200
 * once a script runs out, or without one).
 */
final class WebhookReceiver implements AutoCloseable {

	/** A scripted "status" that never answers: the client times out. */
	static final int NO_ANSWER = -1;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, Queue<Integer>> scripts = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<HttpExchange> unanswered = new CopyOnWriteArrayList<>();

	private volatile boolean down;

	private volatile @Nullable Integer retryAfterSeconds;

	private WebhookReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/hooks/notifications", this::handle);
	}

	static WebhookReceiver start() {
		WebhookReceiver receiver = new WebhookReceiver();
		receiver.server.start();
		return receiver;
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks/notifications");
	}

	/**
	 * Scripts the answers to the requests for one event, in order.
	 * @param eventId the {@code webhook-id}
	 * @param statuses HTTP statuses, or {@link #NO_ANSWER}
	 */
	void answer(String eventId, Integer... statuses) {
		this.scripts.put(eventId, new ArrayDeque<>(Arrays.asList(statuses)));
	}

	/**
	 * Plays a receiver that is down (503 to every request, scripts or not) or back up.
	 * @param down whether it is down
	 */
	void down(boolean down) {
		this.down = down;
	}

	/**
	 * Adds {@code Retry-After} to every 429 and 503 answer, or stops adding it.
	 * @param seconds the seconds it asks for, or {@code null}
	 */
	void retryAfter(@Nullable Integer seconds) {
		this.retryAfterSeconds = seconds;
	}

	/**
	 * Every request received, in order.
	 * @return the requests
	 */
	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The requests received for one event.
	 * @param eventId the {@code webhook-id}
	 * @return the requests, in the order received
	 */
	List<Request> requests(String eventId) {
		return this.requests.stream().filter((request) -> eventId.equals(request.header("webhook-id"))).toList();
	}

	/**
	 * The requests received for one task.
	 * @param taskId the task id, as it appears in the body
	 * @return the requests, in the order received
	 */
	List<Request> requestsMentioning(String taskId) {
		return this.requests.stream().filter((request) -> request.bodyText().contains(taskId)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		byte[] body = exchange.getRequestBody().readAllBytes();
		Queue<Integer> script = this.scripts.get(String.valueOf(first(headers, "webhook-id")));
		Integer scripted = (script != null) ? script.poll() : null;
		int status = this.down ? 503 : (scripted != null) ? scripted : 200;
		this.requests.add(new Request(exchange.getRequestMethod(), headers, body, Instant.now(), status));
		if (status == NO_ANSWER) {
			this.unanswered.add(exchange);
			return;
		}
		Integer retryAfter = this.retryAfterSeconds;
		if (retryAfter != null && (status == 429 || status == 503)) {
			exchange.getResponseHeaders().add("Retry-After", retryAfter.toString());
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public void close() {
		this.unanswered.forEach(HttpExchange::close);
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * One request as received.
	 *
	 * @param method the HTTP method
	 * @param headers its headers, names case-insensitive
	 * @param body the body bytes, exactly
	 * @param receivedAt when it came
	 * @param status the status it was answered with ({@link #NO_ANSWER} for none)
	 */
	record Request(String method, Map<String, List<String>> headers, byte[] body, Instant receivedAt, int status) {

		@Nullable String header(String name) {
			return first(this.headers, name);
		}

		String bodyText() {
			return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

}
