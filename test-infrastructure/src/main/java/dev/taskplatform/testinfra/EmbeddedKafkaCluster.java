package dev.taskplatform.testinfra;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Apache Kafka KRaft cluster of one controller and one broker, on separate
 * nodes so that the broker can be stopped and started again (on the same port) while the
 * controller keeps the cluster's metadata. Used for the shared embedded broker and for
 * broker-failure tests.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

	private static final int BROKER_ID = 0;

	private final KafkaClusterTestKit cluster;

	private final String bootstrapServers;

	private EmbeddedKafkaCluster(KafkaClusterTestKit cluster) {
		this.cluster = cluster;
		this.bootstrapServers = cluster.bootstrapServers();
	}

	/**
	 * Starts a cluster and waits until its broker is ready. Topic auto-creation is off,
	 * as in production: services create the topics they need.
	 * @return the running cluster
	 */
	public static EmbeddedKafkaCluster start() {
		// An embedded broker that loses its log directory (its temporary files are
		// deleted
		// by a shutdown hook of its own) would halt the whole JVM, the application under
		// test included, before that application has drained. Log it instead.
		Exit.setHaltProcedure(
				(status, message) -> logger.warn("Embedded Kafka asked to halt ({}): {}", status, message));
		Exit.setExitProcedure(
				(status, message) -> logger.warn("Embedded Kafka asked to exit ({}): {}", status, message));
		try {
			TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false)
				.setNumControllerNodes(1)
				.setNumBrokerNodes(1)
				.build();
			KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
				.setConfigProp("auto.create.topics.enable", "false")
				.setConfigProp("offsets.topic.replication.factor", "1")
				.setConfigProp("offsets.topic.num.partitions", "6")
				.setConfigProp("transaction.state.log.replication.factor", "1")
				.setConfigProp("transaction.state.log.min.isr", "1")
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new EmbeddedKafkaCluster(cluster);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("could not start the embedded Kafka cluster", ex);
		}
	}

	/**
	 * The broker's address; it stays the same across {@link #stopBroker()} and
	 * {@link #startBroker()}.
	 * @return {@code host:port}
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** Stops the broker, as a crash or an outage would; clients see it unreachable. */
	public void stopBroker() {
		BrokerServer broker = broker();
		broker.shutdown();
		broker.awaitShutdown();
	}

	/** Starts the stopped broker again on the same port and waits until it is ready. */
	public void startBroker() {
		broker().startup();
		try {
			this.cluster.waitForReadyBrokers();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("the restarted broker did not become ready", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the broker", ex);
		}
		if (!this.bootstrapServers.equals(this.cluster.bootstrapServers())) {
			throw new IllegalStateException("the restarted broker moved from " + this.bootstrapServers + " to "
					+ this.cluster.bootstrapServers());
		}
	}

	private BrokerServer broker() {
		Map<Integer, BrokerServer> brokers = this.cluster.brokers();
		return brokers.get(BROKER_ID);
	}

	@Override
	public void close() {
		try {
			this.cluster.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not stop the embedded Kafka cluster", ex);
		}
	}

}
