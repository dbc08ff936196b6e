package dev.taskplatform.events;

/**
 * Kafka topic names. Each event type has its own topic, named like the type.
 */
public final class Topics {

	public static final String TASK_CREATED = "task.created";

	public static final String TASK_COMPLETED = "task.completed";

	private Topics() {
	}

}
