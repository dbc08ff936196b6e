package dev.taskplatform.testinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The embedded path is the one this project's own CI takes: prove each server is real.
 */
class EmbeddedInfrastructureIntegrationTests {

	@Test
	void eachCreatedDatabaseIsFreshAndReachable() throws Exception {
		PostgresServer server = PostgresServer.shared();

		PostgresDatabase first = server.createDatabase();
		PostgresDatabase second = server.createDatabase();

		assertThat(first.name()).isNotEqualTo(second.name());
		try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password())) {
			connection.createStatement().execute("CREATE TABLE marker (id int)");
		}
		try (Connection connection = DriverManager.getConnection(second.jdbcUrl(), second.username(),
				second.password());
				ResultSet tables = connection.createStatement()
					.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
			tables.next();
			assertThat(tables.getInt(1)).isZero();
		}
	}

	@Test
	void anEmbeddedPostgresStoppedAndStartedAgainKeepsItsPortAndDatabases() throws Exception {
		try (PostgresServer server = PostgresServer.embedded(0)) {
			PostgresDatabase database = server.createDatabase();
			try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
					database.password())) {
				connection.createStatement().execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
			}
			int port = server.port();

			server.stop();
			assertThatException().isThrownBy(
					() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())
						.close());
			server.startAgain();

			assertThat(server.port()).isEqualTo(port);
			try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
					database.password());
					ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM kept")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isEqualTo(42);
			}
		}
	}

	@Test
	void brokerComesBackOnTheSameAddressAfterAStop() throws Exception {
		try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
			String bootstrap = cluster.bootstrapServers();
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
				admin.createTopics(List.of(new NewTopic("restart.check", 1, (short) 1))).all().get();
			}

			cluster.stopBroker();
			cluster.startBroker();

			send(bootstrap, "after-restart");
			assertThat(cluster.bootstrapServers()).isEqualTo(bootstrap);
			assertThat(readAll(bootstrap)).containsExactly("after-restart");
		}
	}

	private static void send(String bootstrap, String value) throws Exception {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("restart.check", value)).get();
		}
	}

	private static List<String> readAll(String bootstrap) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of("restart.check"));
			ConsumerRecords<String, String> records = ConsumerRecords.empty();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (records.isEmpty() && System.nanoTime() < deadline) {
				records = consumer.poll(Duration.ofMillis(500));
			}
			return java.util.stream.StreamSupport.stream(records.spliterator(), false).map((r) -> r.value()).toList();
		}
	}

}
