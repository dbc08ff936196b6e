package dev.taskplatform.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
	 * @param eventId the {@code X-Event-Id}
	 * @param statuses HTTP statuses, or {@link #NO_ANSWER}
	 */
	void answer(String eventId, Integer... statuses) {
		this.scripts.put(eventId, new ArrayDeque<>(Arrays.asList(statuses)));
	}

	/**
	 * The requests received for one event.
	 * @param eventId the {@code X-Event-Id}
	 * @return the requests, in the order received
	 */
	List<Request> requests(String eventId) {
		return this.requests.stream().filter((request) -> eventId.equals(request.header("X-Event-Id"))).toList();
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
		Request request = new Request(exchange.getRequestMethod(), headers, exchange.getRequestBody().readAllBytes());
		this.requests.add(request);
		Queue<Integer> script = this.scripts.get(String.valueOf(request.header("X-Event-Id")));
		Integer scripted = (script != null) ? script.poll() : null;
		int status = (scripted != null) ? scripted : 200;
		if (status == NO_ANSWER) {
			this.unanswered.add(exchange);
			return;
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
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
	 */
	record Request(String method, Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		String bodyText() {
			return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

}
