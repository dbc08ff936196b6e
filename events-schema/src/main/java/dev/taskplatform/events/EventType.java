package dev.taskplatform.events;

/**
 * The event types: for each, its CloudEvents {@code type}, its topic, its record class
 * and the version it is written in, with the identifier of that version's JSON Schema
 * ({@code dataschema}). A new version only adds optional fields: every earlier version
 * reads with the same record (what it lacks is {@code null}), and an earlier reader
 * ignores what a later version added. The schemas of all versions stay on the classpath.
 */
public enum EventType {

	TASK_CREATED("task.created", Topics.TASK_CREATED, TaskCreated.class, 2),

	TASK_COMPLETED("task.completed", Topics.TASK_COMPLETED, TaskCompleted.class, 2),

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

	/**
	 * The version this module writes; versions 1 to this one are all read.
	 * @return the current version
	 */
	public int version() {
		return this.version;
	}

	/**
	 * The CloudEvents {@code dataschema} attribute of the events written now: the
	 * {@code $id} of the JSON Schema of the current version.
	 * @return the schema identifier
	 */
	public String dataSchema() {
		return dataSchema(this.version);
	}

	/**
	 * The {@code $id} of the JSON Schema of one version of this event.
	 * @param version a version from 1 to {@link #version()}
	 * @return the schema identifier
	 */
	public String dataSchema(int version) {
		return "urn:taskplatform:schema:" + this.type + ":v" + version;
	}

	/**
	 * Where the JSON Schema of the current version lies on the classpath.
	 * @return a classpath resource name
	 */
	public String schemaResource() {
		return schemaResource(this.version);
	}

	/**
	 * Where the JSON Schema of one version of this event lies on the classpath.
	 * @param version a version from 1 to {@link #version()}
	 * @return a classpath resource name
	 */
	public String schemaResource(int version) {
		return "dev/taskplatform/events/schemas/" + this.type + ".v" + version + ".schema.json";
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
