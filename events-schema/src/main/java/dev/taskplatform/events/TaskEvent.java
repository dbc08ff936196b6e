package dev.taskplatform.events;

import java.util.UUID;

/**
 * An event about one task. The task id is the Kafka record key, so the events of one task
 * in one topic land on one partition, in order. Each event type has its own topic, and
 * Kafka orders nothing across topics: a consumer of several topics must give the right
 * outcome whatever order they arrive in (e.g. a completion before the creation).
 */
public sealed interface TaskEvent permits TaskCreated, TaskCompleted, ReminderDue {

	UUID taskId();

	/**
	 * The type of this event: its CloudEvents type, topic and schema.
	 * @return the event type
	 */
	default EventType eventType() {
		return EventType.of(this);
	}

}
