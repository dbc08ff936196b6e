package dev.taskplatform.reminder.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.taskplatform.events.CloudEventAttributes;
import dev.taskplatform.events.ReminderDue;
import dev.taskplatform.events.TaskEventSerializer;
import dev.taskplatform.events.Topics;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fires a reminder: publishes {@code task.reminder.due}, waits for Kafka's
 * acknowledgement ({@code acks=all}), and only then marks the reminder SENT, all while
 * holding the reminder's row lock.
 * <p>
 * <b>Delivery: at-least-once.</b> A reminder is never marked SENT without having been
 * acknowledged: if the send fails or times out, the transaction rolls back, the exception
 * reaches db-scheduler and the firing is retried after a back-off. If the service dies
 * between the acknowledgement and the commit of SENT, the reminder is published again as
 * the same event (its {@code ce_id} is the reminder's id), which consumers recognise. The
 * row lock makes a concurrent cancellation wait: it either happens first (nothing is
 * published) or finds the reminder SENT (the reminder went out before the task was
 * completed).
 */
@Service
class ReminderSender {

	static final String SOURCE = "/reminder-service";

	private static final Logger logger = LoggerFactory.getLogger(ReminderSender.class);

	private final ReminderRepository repository;

	private final KafkaTemplate<String, byte[]> kafka;

	private final ReminderProperties properties;

	private final Clock clock;

	private final Tracer tracer;

	private final Propagator propagator;

	private final TaskEventSerializer serializer = new TaskEventSerializer();

	ReminderSender(ReminderRepository repository, KafkaTemplate<String, byte[]> kafka, ReminderProperties properties,
			Clock clock, Tracer tracer, Propagator propagator) {
		this.repository = repository;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Publishes the task's reminder if it is still scheduled; does nothing if it was
	 * cancelled (or sent) meanwhile.
	 * @param taskId the task
	 * @throws IllegalStateException if the publication was not acknowledged in time
	 */
	@Transactional
	public void send(UUID taskId) {
		ReminderRepository.Scheduled scheduled = this.repository.lockScheduled(taskId).orElse(null);
		Reminder reminder = (scheduled != null) ? scheduled.reminder() : null;
		if (reminder == null || reminder.title() == null || reminder.dueAt() == null || reminder.remindAt() == null) {
			logger.debug("Reminder of task {} is no longer scheduled; nothing to send", taskId);
			return;
		}
		ReminderDue event = new ReminderDue(taskId, reminder.title(), reminder.assignee(), reminder.dueAt(),
				reminder.remindAt());
		// the reminder's id is the event's id: a reminder published
		// again after a crash or a lost acknowledgement is the same
		// event, and consumers de-duplicate it on ce_id
		publishInTrace(event, reminder.id(), scheduled.traceparent());
		this.repository.markSent(taskId, this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		logger.info("Reminder of task {} sent", taskId);
	}

	/**
	 * Publishes in a span of the trace the task's creation started (hours ago, perhaps),
	 * and passes that trace on in the record's {@code traceparent}; without a stored
	 * trace context, the firing starts a new trace.
	 */
	@SuppressWarnings("try") // the scope makes the span current for the log lines
	private void publishInTrace(ReminderDue event, UUID eventId, @Nullable String traceparent) {
		Span span = ((traceparent != null)
				? this.propagator.extract(Map.of(ReminderListener.TRACEPARENT, traceparent), Map::get)
				: this.tracer.spanBuilder())
			.name("reminder due")
			.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			RecordHeaders headers = new RecordHeaders();
			this.propagator.inject(span.context(), headers,
					(carrier, key, value) -> carrier.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8)));
			publish(event, eventId, headers);
		}
		finally {
			span.end();
		}
	}

	private void publish(ReminderDue event, UUID eventId, RecordHeaders headers) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		CloudEventAttributes.of(event, eventId, SOURCE, now).writeTo(headers);
		String key = event.taskId().toString();
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TASK_REMINDER_DUE, null, key,
				this.serializer.serialize(Topics.TASK_REMINDER_DUE, event), headers);
		try {
			this.kafka.send(record).get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("task.reminder.due for task " + key + " was not acknowledged",
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("task.reminder.due for task " + key + " was not acknowledged within "
					+ this.properties.sendTimeout(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while publishing the reminder of task " + key, ex);
		}
	}

}
