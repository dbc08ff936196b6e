package dev.taskplatform.taskapi.publishing;

import java.util.Map;
import java.util.stream.Stream;

import dev.taskplatform.events.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Kafka producer of the application, created once at startup after the cluster
 * answered, flushed and closed at shutdown.
 */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

	@Bean
	KafkaClusterCheck kafkaClusterCheck(KafkaProperties kafka, KafkaPublishingProperties properties) {
		KafkaClusterCheck check = new KafkaClusterCheck(kafka.buildAdminProperties(), properties);
		check.verify();
		return check;
	}

	@Bean(destroyMethod = "close")
	KafkaSender<String, byte[]> kafkaSender(KafkaProperties kafka, KafkaPublishingProperties properties,
			KafkaClusterCheck clusterCheck) {
		Map<String, Object> producer = kafka.buildProducerProperties();
		// the outbox's promise rests on these two: they are not left to configuration
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "task-api-outbox");
		SenderOptions<String, byte[]> options = SenderOptions.<String, byte[]>create(producer)
			.withKeySerializer(new StringSerializer())
			.withValueSerializer(new ByteArraySerializer())
			.stopOnError(false)
			.closeTimeout(properties.closeTimeout());
		KafkaSender<String, byte[]> sender = KafkaSender.create(options);
		// Create the producer now, at startup, and fetch the topics' metadata, so the
		// first events do not pay for either.
		sender
			.doOnProducer((created) -> Stream.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED)
				.mapToInt((topic) -> created.partitionsFor(topic).size())
				.sum())
			.block(properties.startupTimeout());
		return sender;
	}

	@Bean
	EventPublisher eventPublisher(KafkaSender<String, byte[]> kafkaSender) {
		return new ReactorKafkaEventPublisher(kafkaSender);
	}

}
