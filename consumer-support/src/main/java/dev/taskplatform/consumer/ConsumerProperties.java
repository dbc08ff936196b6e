package dev.taskplatform.consumer;

import java.time.Duration;
import java.util.List;

import dev.taskplatform.topics.TopicProvisioning;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a consumer service consumes and how: its topics (the listener's subscription and
 * the topics created at startup), the retries of a record that fails, how long the rows
 * that recognise a redelivery are kept, and the limits of its {@code deadletters}
 * endpoint.
 *
 * @param retry retries of a failing record before it goes to its dead-letter topic
 * @param topics the topics consumed and produced, and how those created at startup are
 * partitioned and replicated
 * @param retention how long de-duplication and delivery rows are kept
 * @param deadLetters limits of the {@code deadletters} actuator endpoint
 */
@Validated
@ConfigurationProperties("consumer")
public record ConsumerProperties(@DefaultValue @NotNull Retry retry, @DefaultValue @NotNull Topics topics,
		@DefaultValue @NotNull @Valid Retention retention, @DefaultValue @NotNull @Valid DeadLetters deadLetters) {

	/**
	 * Exponential back-off; its total stays far below {@code max.poll.interval.ms}.
	 *
	 * @param initialInterval first pause
	 * @param maxInterval longest pause
	 * @param maxAttempts attempts in all, the first included
	 */
	public record Retry(@DefaultValue("200ms") @NotNull Duration initialInterval,
			@DefaultValue("5s") @NotNull Duration maxInterval, @DefaultValue("5") @Min(1) int maxAttempts) {

	}

	/**
	 * @param consumed the topics the service consumes: its {@code @KafkaListener}
	 * subscribes to them ({@link ConsumedTopics}); they and their dead-letter topics are
	 * created at startup if missing
	 * @param produced the topics the service publishes to; created at startup if missing
	 * @param partitions partitions of each topic created (existing topics are never
	 * changed)
	 * @param replicationFactor replication factor of each topic created
	 * @param minInsyncReplicas {@code min.insync.replicas} of each topic created; unset:
	 * min(2, replication factor)
	 * @param startupTimeout how long Kafka may take to answer at startup before the
	 * service refuses to start
	 */
	public record Topics(@DefaultValue( {
		}) @NotNull List<String> consumed, @DefaultValue({}) @NotNull List<String> produced,
			@DefaultValue("6") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicationFactor,
			@Nullable @Min(1) Integer minInsyncReplicas, @DefaultValue("10s") @NotNull Duration startupTimeout){

		public int effectiveMinInsyncReplicas() {
			return (this.minInsyncReplicas != null) ? this.minInsyncReplicas
					: TopicProvisioning.defaultMinInsyncReplicas(this.replicationFactor);
		}

	}

	/**
	 * How long the rows that recognise a redelivery are kept ({@link Retained} tables).
	 *
	 * @param keep age after which a row is purged: longer than the consumed topics'
	 * retention ({@code retention.ms}, 7 days by default), so that any record Kafka can
	 * still redeliver is recognised (a startup warning says when it is not)
	 * @param purgeInterval pause between purges
	 * @param purgeChunk rows deleted per statement
	 */
	public record Retention(@DefaultValue("14d") @NotNull @DurationMin(minutes = 1) Duration keep,
			@DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration purgeInterval,
			@DefaultValue("10000") @Min(1) int purgeChunk) {

	}

	/**
	 * Limits of the {@code deadletters} actuator endpoint.
	 *
	 * @param maxRedrives redrives of one record (counted in a header it carries) after
	 * which a further one is refused
	 * @param scanLimit records one request reads at most; its answer says where to go on
	 * @param timeout how long one request may wait on Kafka
	 */
	public record DeadLetters(@DefaultValue("3") @Min(1) int maxRedrives, @DefaultValue("10000") @Min(1) int scanLimit,
			@DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration timeout) {

	}

}
