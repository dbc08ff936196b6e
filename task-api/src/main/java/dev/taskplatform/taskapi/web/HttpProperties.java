package dev.taskplatform.taskapi.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits of the API.
 *
 * @param maxRequestSize largest request body accepted; larger ones get 413
 * @param maxInFlight most API requests worked on at once; more are shed with 503 at once
 * @param ioThreadCount event-loop threads of the server and the database driver together
 * (default: one per available processor)
 */
@Validated
@ConfigurationProperties("task-api.http")
public record HttpProperties(@DefaultValue("64KB") @NotNull DataSize maxRequestSize,
		@DefaultValue("256") @Min(1) int maxInFlight, @Nullable @Min(1) Integer ioThreadCount) {

	/** The event-loop threads: as set, else one per available processor. */
	public int ioThreads() {
		return (this.ioThreadCount != null) ? this.ioThreadCount : Runtime.getRuntime().availableProcessors();
	}

}
