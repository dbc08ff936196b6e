package dev.taskplatform.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

import dev.taskplatform.events.Topics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.util.stream.Stream;

/**
 * Failing records are retried with a bounded exponential back-off, then published with
 * their original key, value and headers plus the failure to {@code <topic>.<group>.dlt};
 * poison records (a {@link SerializationException}, e.g. from {@code IncomingEvent.read})
 * and {@link NotRetryableException}s go there at once. The listener keeps going either
 * way. At startup the consumed topics and their dead-letter topics are created if
 * missing, and with {@code spring.kafka.admin.fail-fast} the service refuses to start
 * without Kafka.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {

	@Bean
	EventMetrics eventMetrics(MeterRegistry meters) {
		return new EventMetrics(meters);
	}

	@Bean
	KafkaListenersHealthIndicator kafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry) {
		return new KafkaListenersHealthIndicator(registry);
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka, KafkaProperties kafkaProperties,
			ConsumerProperties properties, EventMetrics metrics) {
		String group = kafkaProperties.getConsumer().getGroupId();
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic(), group), -1));
		ConsumerProperties.Retry retry = properties.retry();
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxAttempts() - 1);
		backOff.setInitialInterval(retry.initialInterval().toMillis());
		backOff.setMultiplier(2);
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			metrics.failed(record.topic());
			deadLetters.accept(record, ex);
		}, backOff);
		handler.addNotRetryableExceptions(SerializationException.class, NotRetryableException.class);
		return handler;
	}

	@Bean
	KafkaAdmin.NewTopics consumedAndDeadLetterTopics(KafkaProperties kafkaProperties, ConsumerProperties properties) {
		String group = kafkaProperties.getConsumer().getGroupId();
		ConsumerProperties.Topics topics = properties.topics();
		return new KafkaAdmin.NewTopics(topics.consumed()
			.stream()
			.flatMap((topic) -> Stream.of(topic, Topics.deadLetter(topic, group)))
			.map((topic) -> new NewTopic(topic, topics.partitions(), topics.replicationFactor()))
			.toArray(NewTopic[]::new));
	}

}
