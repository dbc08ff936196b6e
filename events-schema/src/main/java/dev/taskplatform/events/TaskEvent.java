package dev.taskplatform.events;

import java.util.UUID;

/**
 * An event about one task. The task id is the Kafka record key, so all events of one task
 * land on one partition, in order.
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
