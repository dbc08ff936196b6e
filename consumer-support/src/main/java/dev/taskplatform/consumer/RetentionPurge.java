package dev.taskplatform.consumer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the service's de-duplication and delivery tables bounded: every
 * {@code consumer.retention.purge-interval} (and once shortly after startup) it deletes,
 * from each {@link Retained} table, the rows older than {@code consumer.retention.keep},
 * in chunks so that no statement holds many row locks or runs long. Keep it longer than
 * the consumed topics' retention (checked at startup): a record redelivered while Kafka
 * still has it is then still recognised. Replicas purge concurrently without harm (a row
 * is deleted once).
 */
public class RetentionPurge implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RetentionPurge.class);

	private final JdbcClient jdbc;

	private final List<Retained> tables;

	private final ConsumerProperties.Retention retention;

	private final Clock clock;

	private @Nullable ScheduledExecutorService scheduler;

	RetentionPurge(JdbcClient jdbc, List<Retained> tables, ConsumerProperties.Retention retention, Clock clock) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Deletes the rows older than the retention, now.
	 * @return per table, the rows deleted
	 */
	public Map<String, Long> purge() {
		Instant before = this.clock.instant().minus(this.retention.keep());
		Map<String, Long> deleted = new LinkedHashMap<>();
		for (Retained table : this.tables) {
			long rows = 0;
			int chunk;
			do {
				chunk = this.jdbc
					.sql("DELETE FROM " + table.table() + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table.table()
							+ " WHERE " + table.timeColumn() + " < ? AND (" + table.condition() + ") LIMIT ?))")
					.params(Timestamp.from(before), this.retention.purgeChunk())
					.update();
				rows += chunk;
			}
			while (chunk == this.retention.purgeChunk());
			deleted.put(table.table(), rows);
			if (rows > 0) {
				logger.info("Purged {} rows older than {} from {}", rows, before, table.table());
			}
		}
		return deleted;
	}

	private void purgeQuietly() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			// the database may be away: the next run purges what this one left
			logger.warn("Purge of {} failed: {}", this.tables.stream().map(Retained::table).toList(), ex.toString());
		}
	}

	@Override
	public void start() {
		if (this.tables.isEmpty()) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "retention-purge");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.retention.purgeInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::purgeQuietly, Math.min(interval, 60_000), interval,
				TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
