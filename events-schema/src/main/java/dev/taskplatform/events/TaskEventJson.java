package dev.taskplatform.events;

import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The JSON form of the events. Unknown fields are tolerated (a newer producer may add
 * some); a missing required field fails with a message that names it. Absent optional
 * fields are left out.
 */
public final class TaskEventJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	/** One reader per event type, built once: no type lookup per event. */
	private static final Map<EventType, ObjectReader> READERS = readers();

	private TaskEventJson() {
	}

	private static Map<EventType, ObjectReader> readers() {
		Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);
		for (EventType type : EventType.values()) {
			readers.put(type, MAPPER.readerFor(type.eventClass()));
		}
		return readers;
	}

	public static byte[] write(TaskEvent event) {
		try {
			return MAPPER.writeValueAsBytes(event);
		}
		catch (JacksonException ex) {
			throw new SerializationException("cannot write " + event.eventType().type() + " event", ex);
		}
	}

	/**
	 * Reads an event of the given type.
	 * @param eventType the type of event the bytes hold
	 * @param json the event's JSON
	 * @return the event
	 * @throws SerializationException naming the missing field or the JSON problem
	 */
	public static TaskEvent read(EventType eventType, byte[] json) {
		try {
			return READERS.get(eventType).readValue(json);
		}
		catch (JacksonException ex) {
			throw new SerializationException("cannot read " + eventType.type() + " event: " + describe(ex), ex);
		}
	}

	/**
	 * Reads JSON into any record with the rules events are read by (unknown fields
	 * ignored): how a reader built for an earlier version of an event reads a later one.
	 * @param <T> the record type
	 * @param type the record class
	 * @param json the JSON
	 * @return the record
	 */
	static <T> T readAs(Class<T> type, byte[] json) {
		return MAPPER.readValue(json, type);
	}

	private static String describe(JacksonException ex) {
		Throwable cause = ex;
		while (cause != null) {
			if (cause instanceof RequiredFields.MissingFieldException missing) {
				return missing.getMessage();
			}
			cause = cause.getCause();
		}
		return ex.getOriginalMessage();
	}

}
