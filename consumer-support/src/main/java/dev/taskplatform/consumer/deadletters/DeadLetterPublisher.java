package dev.taskplatform.consumer.deadletters;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import dev.taskplatform.events.Topics;

/**
 * Publishes a failed record to {@code <topic>.<group>.dlt} with its key, value and
 * headers plus spring-kafka's {@code kafka_dlt-*} headers (the failure, and the original
 * topic, partition, offset and timestamp). Unlike spring-kafka's default, the
 * dead-lettered record's own timestamp is the time it was dead-lettered, so that "what
 * failed since ten o'clock" is a seek by time; the event's time stays in
 * {@code kafka_dlt-original-timestamp}.
 */
public class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

	/**
	 * @param kafka where to publish
	 * @param group the consumer group that gives up on the records
	 */
	public DeadLetterPublisher(KafkaOperations<Object, Object> kafka, String group) {
		super(kafka, (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic(), group), -1));
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		ProducerRecord<Object, Object> deadLetter = super.createProducerRecord(record, topicPartition, headers, key,
				value);
		return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), null, deadLetter.key(),
				deadLetter.value(), deadLetter.headers());
	}

}
