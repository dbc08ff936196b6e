package dev.taskplatform.consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.taskplatform.consumer.deadletters.DeadLetterPublisher;
import dev.taskplatform.consumer.deadletters.DeadLetterTopics;
import dev.taskplatform.consumer.deadletters.DeadLettersEndpoint;
import dev.taskplatform.topics.TopicProvisioning;
import dev.taskplatform.events.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Failing records are retried with a bounded exponential back-off, then published with
 * their original key, value and headers plus the failure to {@code <topic>.<group>.dlt}
 * (timestamped when dead-lettered: {@link DeadLetterPublisher}), where the
 * {@code deadletters} actuator endpoint lists and redrives them; poison records (a
 * {@link SerializationException}, e.g. from {@code IncomingEvent.read}) and
 * {@link NotRetryableException}s go there at once. The listener keeps going either way. A
 * record that has to wait ({@link RetryLater}) has its partition paused until it may be
 * tried again. At startup, before any listener starts, the consumed topics, their
 * dead-letter topics and the produced topics are created if missing; a service whose
 * Kafka does not answer within {@code consumer.topics.startup-timeout} refuses to start
 * ({@link #topicsAtStartup}).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerAutoConfiguration.class);

	@Bean(ConsumedTopics.BEAN)
	ConsumedTopics consumedTopics(ConsumerProperties properties) {
		return new ConsumedTopics(properties.topics().consumed());
	}

	@Bean
	EventMetrics eventMetrics(MeterRegistry meters, ConsumedTopics consumed) {
		EventMetrics metrics = new EventMetrics(meters);
		metrics.expect(consumed.names());
		return metrics;
	}

	@Bean
	RecordTraces recordTraces(Tracer tracer, Propagator propagator) {
		return new RecordTraces(tracer, propagator);
	}

	@Bean
	KafkaListenersHealthIndicator kafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry,
			MeterRegistry meters) {
		// the same verdict as a metric, for an alert: 0 while every container runs
		Gauge
			.builder("consumer.listeners.stopped", registry,
					(listeners) -> listeners.getListenerContainers()
						.stream()
						.filter((container) -> !KafkaListenersHealthIndicator.isRunning(container))
						.count())
			.description("Listener containers that are not running (stopped, or one of their consumer threads died)")
			.register(meters);
		return new KafkaListenersHealthIndicator(registry);
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka, KafkaProperties kafkaProperties,
			ConsumerProperties properties, EventMetrics metrics, ObjectProvider<Clock> clock) {
		String group = kafkaProperties.getConsumer().getGroupId();
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublisher(kafka, group);
		ConsumerProperties.Retry retry = properties.retry();
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxAttempts() - 1);
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(2);
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new PausingErrorHandler((record, ex) -> {
			metrics.failed(record.topic());
			deadLetters.accept(record, ex);
		}, backOff, clock.getIfAvailable(Clock::systemUTC));
		handler.addNotRetryableExceptions(SerializationException.class, NotRetryableException.class);
		// An outage of the service's own database is not the record's fault: retry it for
		// as long as it lasts (each pause well below max.poll.interval.ms, the container
		// keeps polling) instead of dead-lettering everything consumed meanwhile.
		ExponentialBackOff untilItWorks = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
		untilItWorks.setMaxInterval(retry.maxInterval().toMillis());
		handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? untilItWorks : null);
		return handler;
	}

	/**
	 * {@code /actuator/deadletters}, where the exposure names it.
	 */
	@Bean
	@ConditionalOnAvailableEndpoint
	DeadLettersEndpoint deadLettersEndpoint(KafkaProperties kafkaProperties, ConsumerProperties properties,
			ConsumedTopics consumed, ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers,
			MeterRegistry meters, ObjectProvider<Clock> clock) {
		ConsumerProperties.DeadLetters limits = properties.deadLetters();
		// the factories' settings: the listeners'
		// own, connection details and SSL included
		return new DeadLettersEndpoint(
				new DeadLetterTopics(consumed.names(), kafkaProperties.getConsumer().getGroupId()),
				consumers::getConfigurationProperties, producers::getConfigurationProperties,
				new DeadLettersEndpoint.Settings(limits.maxRedrives(), limits.scanLimit(), limits.timeout(),
						properties.retention().keep(), clock.getIfAvailable(Clock::systemUTC)),
				meters);
	}

	/**
	 * Runs while the context starts, before any listener container: fails the startup
	 * with a clear message if Kafka does not answer, else creates missing topics.
	 */
	@Bean
	TopicsAtStartup topicsAtStartup(KafkaProperties kafkaProperties, ConsumerProperties properties,
			ConsumedTopics consumed, Environment environment) {
		String group = kafkaProperties.getConsumer().getGroupId();
		ConsumerProperties.Topics topics = properties.topics();
		List<String> needed = Stream
			.concat(consumed.names().stream().flatMap((topic) -> Stream.of(topic, Topics.deadLetter(topic, group))),
					topics.produced().stream())
			.toList();
		String service = environment.getProperty("spring.application.name", "this service");
		try {
			TopicProvisioning.Provisioned provisioned = TopicProvisioning.ensureTopics(
					kafkaProperties.buildAdminProperties(), needed, topics.partitions(), topics.replicationFactor(),
					topics.effectiveMinInsyncReplicas(), topics.startupTimeout());
			List<String> created = provisioned.created();
			if (!created.isEmpty()) {
				logger.info("Created topics {} ({} partitions, replication factor {}, min.insync.replicas {})", created,
						topics.partitions(), topics.replicationFactor(), topics.effectiveMinInsyncReplicas());
			}
			provisioned.warnings().forEach(logger::warn);
		}
		catch (TopicProvisioning.KafkaUnreachableException ex) {
			throw new IllegalStateException(ex.getMessage() + ": " + service + " will not start. Check "
					+ "spring.kafka.bootstrap-servers (SPRING_KAFKA_BOOTSTRAP_SERVERS) or raise "
					+ "consumer.topics.startup-timeout.", ex);
		}
		return new TopicsAtStartup(needed);
	}

	/**
	 * Purges the service's {@link Retained} tables; at startup, warns if a consumed topic
	 * keeps its records longer than they are kept (a redelivery of an older record would
	 * then not be recognised).
	 */
	@Bean
	RetentionPurge retentionPurge(JdbcClient jdbc, ObjectProvider<Retained> tables, ConsumerProperties properties,
			ConsumedTopics consumed, KafkaProperties kafkaProperties, TopicsAtStartup topicsAtStartup,
			ObjectProvider<Clock> clock) {
		List<Retained> retained = tables.orderedStream().toList();
		Duration keep = properties.retention().keep();
		if (!retained.isEmpty()) {
			try {
				TopicProvisioning
					.retention(kafkaProperties.buildAdminProperties(), consumed.names(),
							properties.topics().startupTimeout())
					.forEach((topic, retention) -> {
						if (retention.isEmpty() || keep.compareTo(retention.get()) <= 0) {
							logger.warn(
									"Topic {} keeps records {}, consumer.retention.keep is {}: a redelivery of "
											+ "a record older than that would not be recognised as one",
									topic, retention.map((kept) -> "for " + kept).orElse("forever"), keep);
						}
					});
			}
			catch (RuntimeException ex) {
				// a check, not a need (e.g. no DescribeConfigs permission): say so, go on
				logger.warn("Could not read the consumed topics' retention to compare it with "
						+ "consumer.retention.keep ({}): {}", keep, ex.getMessage());
			}
		}
		return new RetentionPurge(jdbc, retained, properties.retention(), clock.getIfAvailable(Clock::systemUTC));
	}

	/**
	 * The topics checked and created at startup.
	 *
	 * @param topics their names
	 */
	public record TopicsAtStartup(List<String> topics) {

	}

}
