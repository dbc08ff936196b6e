package dev.taskplatform.events;

/**
 * Kafka topic names. Each event type has its own topic, named like the type.
 */
public final class Topics {

	public static final String TASK_CREATED = "task.created";

	public static final String TASK_COMPLETED = "task.completed";

	public static final String TASK_REMINDER_DUE = "task.reminder.due";

	/**
	 * The dead-letter topic of one consumer group for one topic:
	 * {@code <topic>.<group>.dlt}, e.g. {@code task.created.audit-service.dlt}.
	 * @param topic the topic the record came from
	 * @param group the consumer group that gave up on it
	 * @return the dead-letter topic
	 */
	public static String deadLetter(String topic, String group) {
		return topic + "." + group + ".dlt";
	}

	private Topics() {
	}

}
