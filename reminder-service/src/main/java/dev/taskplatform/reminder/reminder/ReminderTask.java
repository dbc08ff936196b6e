package dev.taskplatform.reminder.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The durable schedule: one db-scheduler one-time execution per reminder, named
 * {@code send-reminder} with the task id as instance id, in the service's PostgreSQL. It
 * survives restarts, and with several replicas each execution is picked by exactly one of
 * them (db-scheduler claims it with a versioned update). A firing whose publication fails
 * is retried with a capped exponential back-off.
 */
@Configuration(proxyBeanMethods = false)
class ReminderTask {

	static final TaskDescriptor<Void> SEND_REMINDER = TaskDescriptor.of("send-reminder");

	@Bean
	OneTimeTask<Void> sendReminderTask(ReminderSender sender, ReminderProperties properties) {
		return Tasks.oneTime(SEND_REMINDER)
			.onFailure(new CappedBackoff(properties.retry()))
			.execute((instance, context) -> sender.send(UUID.fromString(instance.getId())));
	}

	/**
	 * Reschedules a failed firing after {@code initialInterval × 2^(failures before)}, at
	 * most {@code maxInterval}; the execution stays in the table until it succeeds.
	 */
	static final class CappedBackoff implements FailureHandler<Void> {

		private static final Logger logger = LoggerFactory.getLogger(CappedBackoff.class);

		private final ReminderProperties.Retry retry;

		CappedBackoff(ReminderProperties.Retry retry) {
			this.retry = retry;
		}

		@Override
		public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
			Duration delay = delay(complete.getExecution().consecutiveFailures);
			Instant next = complete.getTimeDone().plus(delay);
			logger.warn("Publishing reminder of task {} failed; retrying at {}", complete.getExecution().getId(), next,
					complete.getCause().orElse(null));
			operations.reschedule(complete, next);
		}

		Duration delay(int previousFailures) {
			long maxMillis = this.retry.maxInterval().toMillis();
			long millis = this.retry.initialInterval().toMillis();
			for (int i = 0; i < previousFailures && millis < maxMillis; i++) {
				millis *= 2;
			}
			return Duration.ofMillis(Math.min(millis, maxMillis));
		}

	}

}
