package dev.taskplatform.taskapi.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox and its relay.
 *
 * @param source the CloudEvents {@code source} of the events task-api produces
 * @param batchSize most rows one relay transaction claims and publishes
 * @param pollInterval how often the relay looks for rows besides being woken by a commit
 * (rows of other replicas, rows left by a crash)
 * @param maxBackoff longest pause between attempts while Kafka fails
 * @param roundTimeout longest a round (claim, send, mark, commit) may take before it is
 * abandoned and rolled back
 * @param retention how long published rows are kept before they are purged
 * @param purgeInterval how often the purge runs
 * @param metricsInterval how often the backlog gauges are refreshed
 * @param relayConnections size of the relay's own connection pool (apart from the
 * requests' pool, so that request overload cannot starve the relay)
 */
@Validated
@ConfigurationProperties("task-api.outbox")
public record OutboxProperties(@DefaultValue("/task-api") @NotBlank String source,
		@DefaultValue("256") @Min(1) int batchSize, @DefaultValue("500ms") @NotNull Duration pollInterval,
		@DefaultValue("5s") @NotNull Duration maxBackoff, @DefaultValue("60s") @NotNull Duration roundTimeout,
		@DefaultValue("7d") @NotNull Duration retention, @DefaultValue("1m") @NotNull Duration purgeInterval,
		@DefaultValue("5s") @NotNull Duration metricsInterval, @DefaultValue("2") @Min(1) int relayConnections) {

}
