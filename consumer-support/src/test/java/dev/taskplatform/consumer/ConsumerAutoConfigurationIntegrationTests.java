package dev.taskplatform.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.consumer.deadletters.DeadLettersEndpoint;
import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.EventProducer;
import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * consumer-support's auto-configuration as a service gets it, against a real broker and a
 * real PostgreSQL: what it creates at startup, what it refuses, the listeners'
 * subscription to the one list of consumed topics, their health, and the
 * {@code deadletters} endpoint only where it is exposed.
 */
class ConsumerAutoConfigurationIntegrationTests {

	private final String group = "support-" + UUID.randomUUID();

	private final String consumed = "support.consumed." + UUID.randomUUID();

	private final String alsoConsumed = "support.also-consumed." + UUID.randomUUID();

	private final String produced = "support.produced." + UUID.randomUUID();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, ConsumerAutoConfiguration.class))
		.withBean(JdbcClient.class, ConsumerAutoConfigurationIntegrationTests::database)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Tracer.class, () -> Tracer.NOOP)
		.withBean(Propagator.class, () -> Propagator.NOOP)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaServer.shared().bootstrapServers(),
				"spring.kafka.consumer.group-id=" + this.group, "spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
				"consumer.topics.consumed=" + this.consumed + "," + this.alsoConsumed,
				"consumer.topics.produced=" + this.produced, "consumer.topics.partitions=2");

	@Test
	void createsTheConsumedTopicsTheirDeadLetterTopicsAndTheProducedOnesAtStartup() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			List<String> expected = List.of(this.consumed, Topics.deadLetter(this.consumed, this.group),
					this.alsoConsumed, Topics.deadLetter(this.alsoConsumed, this.group), this.produced);
			assertThat(context.getBean(ConsumerAutoConfiguration.TopicsAtStartup.class).topics())
				.containsExactlyElementsOf(expected);
			assertThat(topics()).containsAll(expected);
		});
	}

	@Test
	void refusesToStartWithoutAConsumedTopic() {
		this.runner.withPropertyValues("consumer.topics.consumed=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("consumer.topics.consumed names no topic"));
	}

	@Test
	void aListenerSubscribesToTheConsumedTopicsAndItsHealthFollowsIt() {
		this.runner.withUserConfiguration(Probe.class).run((context) -> {
			assertThat(context).hasNotFailed();
			try (EventProducer producer = EventProducer.connect(KafkaServer.shared().bootstrapServers())) {
				producer.sendRaw(new ProducerRecord<>(this.consumed, "a", new byte[] { 1 }));
				producer.sendRaw(new ProducerRecord<>(this.alsoConsumed, "b", new byte[] { 2 }));
			}
			Probe probe = context.getBean(Probe.class);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(probe.topics()).containsOnly(this.consumed, this.alsoConsumed));

			KafkaListenersHealthIndicator health = context.getBean(KafkaListenersHealthIndicator.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(meters.get("consumer.listeners.stopped").gauge().value()).isZero();

			context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(Probe.ID).stop();
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.health().getDetails()).containsKey(Probe.ID);
			assertThat(meters.get("consumer.listeners.stopped").gauge().value()).isOne();
		});
	}

	@Test
	void healthIsDownWithoutAnyListener() {
		this.runner
			.run((context) -> assertThat(context.getBean(KafkaListenersHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void servesTheDeadLettersEndpointOnlyWhereItIsExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DeadLettersEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=deadletters")
			.run((context) -> assertThat(context).hasSingleBean(DeadLettersEndpoint.class));
	}

	private static JdbcClient database() {
		PostgresDatabase database = PostgresServer.shared().createDatabase();
		return JdbcClient
			.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
	}

	private static Set<String> topics() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.shared().bootstrapServers()))) {
			return admin.listTopics().names().get(10, TimeUnit.SECONDS);
		}
	}

	/** A service's listener, reduced to what it received. */
	static class Probe {

		static final String ID = "probe";

		private final List<String> topics = new CopyOnWriteArrayList<>();

		@KafkaListener(id = ID, topics = ConsumedTopics.LISTENER_TOPICS)
		void onRecord(ConsumerRecord<String, byte[]> record) {
			this.topics.add(record.topic());
		}

		List<String> topics() {
			return this.topics;
		}

	}

}
