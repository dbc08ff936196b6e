package dev.taskplatform.testinfra;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.metadata.BrokerState;
import org.awaitility.Awaitility;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Apache Kafka KRaft cluster of one controller and one or more brokers, on
 * separate nodes so that a broker can be stopped and started again (on the same port)
 * while the controller keeps the cluster's metadata. Used for the shared embedded broker,
 * for broker-failure tests and (with three brokers) for replication tests.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

	private static final int FIRST_BROKER_ID = 0;

	private final KafkaClusterTestKit cluster;

	private final String bootstrapServers;

	private final ListenerName listener;

	private final Map<Integer, Integer> ports = new HashMap<>();

	private final List<Runnable> deletions;

	private EmbeddedKafkaCluster(KafkaClusterTestKit cluster, ListenerName listener, List<Runnable> deletions) {
		this.cluster = cluster;
		this.deletions = deletions;
		this.bootstrapServers = cluster.bootstrapServers();
		this.listener = listener;
		cluster.brokers().forEach((id, broker) -> this.ports.put(id, broker.boundPort(listener)));
	}

	/**
	 * Starts a cluster of one broker and waits until it is ready. Topic auto-creation is
	 * off, as in production: services create the topics they need.
	 * @return the running cluster
	 */
	public static EmbeddedKafkaCluster start() {
		return start(1);
	}

	/**
	 * Starts a cluster of {@code brokers} brokers (ids 0, 1, …) and waits until they are
	 * ready. Kafka's own topics (consumer offsets, transactions) are replicated to up to
	 * three of them, the transaction log with two in sync where there are two or more.
	 * @param brokers how many brokers
	 * @return the running cluster
	 */
	public static EmbeddedKafkaCluster start(int brokers) {
		// An embedded broker that loses its log directory would
		// halt the whole JVM, the application under test included,
		// before that application has drained. Log it instead.
		Exit.setHaltProcedure(
				(status, message) -> logger.warn("Embedded Kafka asked to halt ({}): {}", status, message));
		Exit.setExitProcedure(
				(status, message) -> logger.warn("Embedded Kafka asked to exit ({}): {}", status, message));
		// The test kit deletes its temporary directories in JVM shutdown hooks, which run
		// at the same time as the application's own (the run command's drain): the broker
		// would lose its log directory while the services still use it. Those deletions
		// run in close() instead, after the broker has stopped.
		List<Runnable> deletions = new CopyOnWriteArrayList<>();
		Exit.setShutdownHookAdder((name, hook) -> deletions.add(hook));
		try {
			TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false)
				.setNumControllerNodes(1)
				.setNumBrokerNodes(brokers)
				.build();
			String replicas = String.valueOf(Math.min(3, brokers));
			String minInsync = String.valueOf(Math.min(2, brokers));
			KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
				.setConfigProp("auto.create.topics.enable", "false")
				.setConfigProp("offsets.topic.replication.factor", replicas)
				.setConfigProp("offsets.topic.num.partitions", "6")
				.setConfigProp("transaction.state.log.replication.factor", replicas)
				.setConfigProp("transaction.state.log.min.isr", minInsync)
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new EmbeddedKafkaCluster(cluster, nodes.brokerListenerName(), deletions);
		}
		catch (Exception ex) {
			deletions.forEach(EmbeddedKafkaCluster::runQuietly);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("could not start the embedded Kafka cluster", ex);
		}
		finally {
			Exit.resetShutdownHookAdder();
		}
	}

	/**
	 * The brokers' addresses; each stays the same across {@link #stopBroker(int)} and
	 * {@link #startBroker(int)}.
	 * @return {@code host:port,…}
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** Stops the (first) broker, as an outage would; clients see it unreachable. */
	public void stopBroker() {
		stopBroker(FIRST_BROKER_ID);
	}

	/**
	 * Stops a broker; clients see it unreachable. It shuts down as Kafka does on SIGTERM
	 * (controlled: its partitions' leadership moves to other in-sync replicas first).
	 * @param id the broker's id
	 */
	public void stopBroker(int id) {
		BrokerServer broker = broker(id);
		broker.shutdown();
		broker.awaitShutdown();
	}

	/**
	 * Starts the stopped (first) broker again on the same port and waits until it is
	 * ready.
	 */
	public void startBroker() {
		startBroker(FIRST_BROKER_ID);
	}

	/**
	 * Starts a stopped broker again on the same port and waits until all are ready.
	 * @param id the broker's id
	 */
	public void startBroker(int id) {
		BrokerServer broker = broker(id);
		int port = this.ports.get(id);
		broker.startup();
		// the others may be stopped: wait for this one, not for the whole cluster
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> broker.brokerState() == BrokerState.RUNNING);
		int restartedOn = broker.boundPort(this.listener);
		if (restartedOn != port) {
			throw new IllegalStateException("broker " + id + " restarted on port " + restartedOn + ", not " + port);
		}
	}

	private BrokerServer broker(int id) {
		Map<Integer, BrokerServer> brokers = this.cluster.brokers();
		BrokerServer broker = brokers.get(id);
		if (broker == null) {
			throw new IllegalArgumentException("no broker " + id + " in " + brokers.keySet());
		}
		return broker;
	}

	@Override
	public void close() {
		try {
			this.cluster.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not stop the embedded Kafka cluster", ex);
		}
		finally {
			this.deletions.forEach(EmbeddedKafkaCluster::runQuietly);
		}
	}

	private static void runQuietly(Runnable deletion) {
		try {
			deletion.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not delete a temporary directory of the embedded Kafka cluster", ex);
		}
	}

}
