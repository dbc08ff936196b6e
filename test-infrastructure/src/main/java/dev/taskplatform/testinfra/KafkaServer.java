package dev.taskplatform.testinfra;

import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A Kafka broker shared by everything in this JVM, started on first use and stopped when
 * the JVM exits. Settings for an external cluster: {@code TEST_KAFKA_BOOTSTRAP_SERVERS}.
 * Topics are not auto-created: services create what they need.
 */
public final class KafkaServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaServer.class);

	static final String BOOTSTRAP_VARIABLE = "TEST_KAFKA_BOOTSTRAP_SERVERS";

	private static final String IMAGE = "apache/kafka:4.1.1";

	private static KafkaServer shared;

	private final String bootstrapServers;

	private final AutoCloseable server;

	private KafkaServer(String bootstrapServers, AutoCloseable server) {
		this.bootstrapServers = bootstrapServers;
		this.server = server;
	}

	/**
	 * The broker shared by everything in this JVM, started on first use.
	 * @return the shared broker
	 */
	public static synchronized KafkaServer shared() {
		if (shared == null) {
			shared = start(System.getenv());
			KafkaServer started = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-server-shutdown"));
		}
		return shared;
	}

	/**
	 * Starts (or connects to) a broker of its own, for the caller to close.
	 * @param environment where external settings are looked up
	 * @return the broker
	 */
	public static KafkaServer start(Map<String, String> environment) {
		Source source = Source.choose(environment, BOOTSTRAP_VARIABLE);
		KafkaServer server = switch (source) {
			case EXTERNAL -> new KafkaServer(environment.get(BOOTSTRAP_VARIABLE), () -> {
			});
			case TESTCONTAINERS -> container();
			case EMBEDDED -> {
				EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start();
				yield new KafkaServer(cluster.bootstrapServers(), cluster);
			}
		};
		logger.info("Kafka ({}) at {}", source.name().toLowerCase(Locale.ROOT), server.bootstrapServers);
		return server;
	}

	@SuppressWarnings("resource")
	private static KafkaServer container() {
		KafkaContainer container = new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
		container.start();
		return new KafkaServer(container.getBootstrapServers(), container::stop);
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (Exception ex) {
			logger.warn("Could not stop Kafka at {}", this.bootstrapServers, ex);
		}
	}

}
