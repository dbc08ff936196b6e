package dev.taskplatform.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiver notification-service's webhook posts to, as a real one would be: it checks
 * every request's {@code X-Signature} (HMAC-SHA256 of the exact body with the shared
 * secret) and records each delivery with its {@code X-Event-Id}. A request with a bad
 * signature is answered 401 and counted.
 */
final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final byte[] secret;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

	private final AtomicInteger badSignatures = new AtomicInteger();

	private WebhookReceiver(HttpServer server, String secret) {
		this.server = server;
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
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
			String signature = exchange.getRequestHeaders().getFirst("X-Signature");
			if (signature == null || !signedWithTheSecret(body, signature)) {
				this.badSignatures.incrementAndGet();
				exchange.sendResponseHeaders(401, -1);
				return;
			}
			JsonNode message = this.json.readTree(body);
			this.deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Event-Id"),
					message.path("kind").asString(), message.path("taskId").asString()));
			exchange.sendResponseHeaders(200, -1);
		}
	}

	boolean signedWithTheSecret(byte[] body, String signature) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
			return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					signature.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
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
	 * @param eventId its {@code X-Event-Id}
	 * @param kind {@code TASK_ASSIGNED} or {@code REMINDER}
	 * @param taskId the task
	 */
	record Delivery(String eventId, String kind, String taskId) {
	}

}
