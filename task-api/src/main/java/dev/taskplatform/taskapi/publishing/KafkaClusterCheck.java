package dev.taskplatform.taskapi.publishing;

import java.util.List;
import java.util.Map;

import dev.taskplatform.topics.TopicProvisioning;
import dev.taskplatform.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at startup that the Kafka cluster answers within a bounded time, and creates the
 * topics task-api publishes to if they are missing. A service that starts but cannot
 * publish would pile up its outbox silently: failing here makes the problem loud.
 */
class KafkaClusterCheck {

	private static final Logger logger = LoggerFactory.getLogger(KafkaClusterCheck.class);

	private final Map<String, Object> adminProperties;

	private final KafkaPublishingProperties properties;

	KafkaClusterCheck(Map<String, Object> adminProperties, KafkaPublishingProperties properties) {
		this.adminProperties = adminProperties;
		this.properties = properties;
	}

	/**
	 * Fails unless the cluster answers and all topics exist afterwards.
	 * @throws IllegalStateException naming the address if the cluster does not answer in
	 * time
	 */
	void verify() {
		KafkaPublishingProperties.Topics topics = this.properties.topics();
		try {
			TopicProvisioning.Provisioned provisioned = TopicProvisioning.ensureTopics(this.adminProperties,
					List.of(Topics.TASK_CREATED, Topics.TASK_COMPLETED), topics.partitions(),
					topics.replicationFactor(), topics.effectiveMinInsyncReplicas(), this.properties.startupTimeout());
			List<String> created = provisioned.created();
			if (!created.isEmpty()) {
				logger.info("Created topics {} ({} partitions, replication factor {}, min.insync.replicas {})", created,
						topics.partitions(), topics.replicationFactor(), topics.effectiveMinInsyncReplicas());
			}
			provisioned.warnings().forEach(logger::warn);
		}
		catch (TopicProvisioning.KafkaUnreachableException ex) {
			throw new IllegalStateException(ex.getMessage() + ": task-api will not start, since it could not "
					+ "publish its events. Check spring.kafka.bootstrap-servers (SPRING_KAFKA_BOOTSTRAP_SERVERS) or "
					+ "raise task-api.kafka.startup-timeout.", ex);
		}
	}

}
