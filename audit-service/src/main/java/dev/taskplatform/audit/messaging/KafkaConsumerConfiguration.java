package dev.taskplatform.audit.messaging;

import java.util.List;
import java.util.stream.Stream;

import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Failing records are retried with a bounded exponential back-off, then published with
 * their original key, value and headers plus the failure to {@code <topic>.<group>.dlt};
 * poison records (unreadable events) go there at once. The listener keeps going either
 * way. At startup the topics are created if missing, and the service refuses to start if
 * Kafka does not answer ({@code spring.kafka.admin.fail-fast}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

	static final List<String> CONSUMED = List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED, Topics.TASK_REMINDER_DUE);

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
		handler.addNotRetryableExceptions(SerializationException.class);
		return handler;
	}

	@Bean
	KafkaAdmin.NewTopics topics(KafkaProperties kafkaProperties, ConsumerProperties properties) {
		String group = kafkaProperties.getConsumer().getGroupId();
		ConsumerProperties.Topics topics = properties.topics();
		return new KafkaAdmin.NewTopics(CONSUMED.stream()
			.flatMap((topic) -> Stream.of(topic, Topics.deadLetter(topic, group)))
			.map((topic) -> new NewTopic(topic, topics.partitions(), topics.replicationFactor()))
			.toArray(NewTopic[]::new));
	}

}
