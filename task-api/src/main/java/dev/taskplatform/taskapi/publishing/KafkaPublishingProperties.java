package dev.taskplatform.taskapi.publishing;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import dev.taskplatform.topics.TopicProvisioning;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How task-api uses Kafka, beyond the standard {@code spring.kafka.*} client settings.
 *
 * @param startupTimeout how long to wait for the cluster at startup before giving up
 * @param closeTimeout how long the producer may take to flush and close at shutdown
 * @param topics how missing topics are created
 */
@Validated
@ConfigurationProperties("task-api.kafka")
public record KafkaPublishingProperties(@DefaultValue("10s") @NotNull Duration startupTimeout,
		@DefaultValue("10s") @NotNull Duration closeTimeout, @DefaultValue @NotNull Topics topics) {

	/**
	 * @param partitions partitions of each topic task-api creates
	 * @param replicationFactor replication factor of each topic task-api creates
	 * @param minInsyncReplicas {@code min.insync.replicas} of each topic task-api
	 * creates; unset: min(2, replication factor)
	 */
	public record Topics(@DefaultValue("6") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicationFactor,
			@Nullable @Min(1) Integer minInsyncReplicas) {

		public int effectiveMinInsyncReplicas() {
			return (this.minInsyncReplicas != null) ? this.minInsyncReplicas
					: TopicProvisioning.defaultMinInsyncReplicas(this.replicationFactor);
		}

	}

}
