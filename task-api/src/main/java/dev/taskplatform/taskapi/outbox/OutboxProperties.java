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
 * @param batchSize most rows the relay reads at once, and most records in one flight
 * @param flights most flights (batches sent to Kafka) awaiting acknowledgement at once
 * @param pollInterval how often the relay looks for rows besides being woken by a commit
 * (rows of other replicas, rows left by a crash)
 * @param maxBackoff longest pause before a failed record is sent again
 * @param parkAfter how long a row may keep failing while Kafka acknowledges other records
 * before it is parked in {@code outbox_parked}
 * @param parkedRetryInterval how often parked rows are sent again
 * @param markInterval how often, at most, the relay stores how far it has published
 * @param takeoverInterval how often a replica that is not relaying tries to take the
 * relay over
 * @param leaderTimeout how long PostgreSQL keeps the relay lock of a relay it has not
 * heard from ({@code idle_session_timeout} of the lock's session)
 * @param statementTimeout longest a database statement of the relay may take before the
 * relay gives up its lock and starts over; below {@code leader-timeout}, so that a relay
 * cut off from the database stops before another can take its lock
 * @param retention how long published rows are kept before they are purged
 * @param purgeInterval how often the purge runs
 * @param metricsInterval how often the backlog gauges are refreshed
 * @param relayConnections size of the pool of the outbox's upkeep (gauges, purge), apart
 * from the requests' pool
 */
@Validated
@ConfigurationProperties("task-api.outbox")
public record OutboxProperties(@DefaultValue("/task-api") @NotBlank String source,
		@DefaultValue("256") @Min(1) int batchSize, @DefaultValue("4") @Min(1) int flights,
		@DefaultValue("100ms") @NotNull Duration pollInterval, @DefaultValue("5s") @NotNull Duration maxBackoff,
		@DefaultValue("2m") @NotNull Duration parkAfter, @DefaultValue("1m") @NotNull Duration parkedRetryInterval,
		@DefaultValue("50ms") @NotNull Duration markInterval, @DefaultValue("1s") @NotNull Duration takeoverInterval,
		@DefaultValue("10s") @NotNull Duration leaderTimeout, @DefaultValue("5s") @NotNull Duration statementTimeout,
		@DefaultValue("1h") @NotNull Duration retention, @DefaultValue("1m") @NotNull Duration purgeInterval,
		@DefaultValue("1s") @NotNull Duration metricsInterval, @DefaultValue("1") @Min(1) int relayConnections) {

}
