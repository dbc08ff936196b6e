package dev.taskplatform.taskapi.task;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How creations are written (group commit).
 *
 * @param writers most batch inserts running at once
 * @param maxBatch most tasks one insert writes
 */
@Validated
@ConfigurationProperties("task-api.tasks")
public record TaskWriteProperties(@DefaultValue("2") @Min(1) int writers, @DefaultValue("128") @Min(1) int maxBatch) {

}
