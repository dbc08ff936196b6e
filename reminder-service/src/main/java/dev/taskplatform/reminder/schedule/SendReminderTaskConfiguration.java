package dev.taskplatform.reminder.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The durable schedule: one db-scheduler one-time execution per reminder, named
 * {@code send-reminder} with the task id as instance id, in the service's PostgreSQL. It
 * survives restarts, and with several replicas each execution is picked by exactly one of
 * them (db-scheduler claims it with a versioned update). A firing first waits until every
 * {@code task.completed} record that was in Kafka when it became due (its execution time)
 * is applied ({@link CompletionHorizon}), so a completion already published cancels it
 * first; one that waited in vain goes back to the schedule at the same time, to wait
 * again. A firing whose publication fails is retried with a capped exponential back-off
 * (and then waits for the completions up to its new time).
 */
@Configuration(proxyBeanMethods = false)
class SendReminderTaskConfiguration {

	static final TaskDescriptor<Void> SEND_REMINDER = TaskDescriptor.of("send-reminder");

	private static final Logger logger = LoggerFactory.getLogger(SendReminderTaskConfiguration.class);

	@Bean
	CustomTask<Void> sendReminderTask(ReminderSender sender, CompletionHorizon completions,
			ReminderProperties properties) {
		return Tasks.custom(SEND_REMINDER)
			.onFailure(new CappedBackoff(properties.retry()))
			.onDeadExecutionRevive()
			.execute((instance, context) -> {
				Instant due = context.getExecution().getExecutionTime();
				try {
					completions.awaitApplied(due, properties.horizon().maxWait());
				}
				catch (CompletionHorizon.CompletionsBehindException ex) {
					// not a failure of the firing: it waits for the consumption of
					// task.completed, without counting as a failed attempt
					logger.debug("Reminder of task {} held back: {}", instance.getId(), ex.getMessage());
					// recorded as a run that succeeded: a firing held after a failed
					// publication starts its back-off again
					return (complete, operations) -> operations.reschedule(complete, due);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while the reminder of task " + instance.getId()
							+ " waited for task.completed to be applied", ex);
				}
				sender.send(UUID.fromString(instance.getId()));
				return new CompletionHandler.OnCompleteRemove<>();
			});
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
