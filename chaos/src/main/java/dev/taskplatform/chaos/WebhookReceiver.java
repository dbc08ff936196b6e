package dev.taskplatform.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiver notification-service's webhook posts to, as a real one would be: it
 * verifies every request's Standard Webhooks signature with the specification's reference
 * library (the signature of {@code webhook-id.webhook-timestamp.body} with the shared
 * secret, and a timestamp within 5 minutes) and records each delivery with its
 * {@code webhook-id}. A request that fails verification is answered 401 and counted.
 */
final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final Webhook verifier;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

	private final AtomicInteger badSignatures = new AtomicInteger();

	private WebhookReceiver(HttpServer server, String secret) {
		this.server = server;
		try {
			this.verifier = new Webhook(secret);
		}
		catch (EmptyWebhookSecretException ex) {
			throw new IllegalArgumentException("the webhook secret must not be empty", ex);
		}
	}

	static WebhookReceiver start(String secret) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
			WebhookReceiver receiver = new WebhookReceiver(server, secret);
			server.createContext("/hook", receiver::handle);
			server.setExecutor(receiver.threads);
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the webhook receiver", ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	List<Delivery> deliveries() {
		return List.copyOf(this.deliveries);
	}

	int badSignatures() {
		return this.badSignatures.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			if (!verified(body, exchange.getRequestHeaders())) {
				this.badSignatures.incrementAndGet();
				exchange.sendResponseHeaders(401, -1);
				return;
			}
			JsonNode message = this.json.readTree(body);
			this.deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
					message.path("kind").asString(), message.path("taskId").asString()));
			exchange.sendResponseHeaders(200, -1);
		}
	}

	private boolean verified(byte[] body, Map<String, List<String>> headers) {
		// the library looks headers up in lower case; the JDK's server capitalises them
		Map<String, List<String>> lowerCase = new HashMap<>();
		headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
		try {
			this.verifier.verify(new String(body, StandardCharsets.UTF_8), lowerCase);
			return true;
		}
		catch (WebhookVerificationException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	/**
	 * A webhook request that was signed with the secret.
	 *
	 * @param eventId its {@code webhook-id}
	 * @param kind {@code TASK_ASSIGNED} or {@code REMINDER}
	 * @param taskId the task
	 */
	record Delivery(String eventId, String kind, String taskId) {
	}

}
