package dev.taskplatform.events;

/**
 * The event types: for each, its CloudEvents {@code type}, its topic, its record class
 * and the versioned identifier of its JSON Schema ({@code dataschema}).
 */
public enum EventType {

	TASK_CREATED("task.created", Topics.TASK_CREATED, TaskCreated.class, 1),

	TASK_COMPLETED("task.completed", Topics.TASK_COMPLETED, TaskCompleted.class, 1),

	TASK_REMINDER_DUE("task.reminder.due", Topics.TASK_REMINDER_DUE, ReminderDue.class, 1);

	private final String type;

	private final String topic;

	private final Class<? extends TaskEvent> eventClass;

	private final int version;

	EventType(String type, String topic, Class<? extends TaskEvent> eventClass, int version) {
		this.type = type;
		this.topic = topic;
		this.eventClass = eventClass;
		this.version = version;
	}

	/**
	 * The CloudEvents {@code type} attribute, e.g. {@code task.created}.
	 * @return the type
	 */
	public String type() {
		return this.type;
	}

	public String topic() {
		return this.topic;
	}

	public Class<? extends TaskEvent> eventClass() {
		return this.eventClass;
	}

	public int version() {
		return this.version;
	}

	/**
	 * The CloudEvents {@code dataschema} attribute: the {@code $id} of the JSON Schema
	 * this version of the event follows.
	 * @return the schema identifier
	 */
	public String dataSchema() {
		return "urn:taskplatform:schema:" + this.type + ":v" + this.version;
	}

	/**
	 * Where the JSON Schema of this event version lies on the classpath.
	 * @return a classpath resource name
	 */
	public String schemaResource() {
		return "dev/taskplatform/events/schemas/" + this.type + ".v" + this.version + ".schema.json";
	}

	public static EventType of(TaskEvent event) {
		return switch (event) {
			case TaskCreated created -> TASK_CREATED;
			case TaskCompleted completed -> TASK_COMPLETED;
			case ReminderDue reminder -> TASK_REMINDER_DUE;
		};
	}

	/**
	 * The event type with the given CloudEvents {@code type}.
	 * @param type a CloudEvents type such as {@code task.created}
	 * @return the event type
	 * @throws IllegalArgumentException if no event has that type
	 */
	public static EventType ofType(String type) {
		// read for every consumed record: a loop, not a stream
		for (EventType candidate : values()) {
			if (candidate.type.equals(type)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("unknown event type '" + type + "'");
	}

}
