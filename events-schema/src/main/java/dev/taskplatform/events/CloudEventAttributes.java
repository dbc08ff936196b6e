package dev.taskplatform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents attributes of one task event, as carried in Kafka headers.
 *
 * @param id unique per event; consumers de-duplicate on it
 * @param type e.g. {@code task.created}
 * @param source the producing service, e.g. {@code /task-api}
 * @param time when the event happened
 * @param subject the task id
 * @param dataSchema the versioned identifier of the event's JSON Schema
 */
public record CloudEventAttributes(String id, String type, String source, Instant time, String subject,
		String dataSchema) {

	/**
	 * Times outside years 1 to 9999 are refused: databases and most clients stop there.
	 */
	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	/**
	 * The attributes of a new event.
	 * @param event the event
	 * @param id a unique id for it
	 * @param source the producing service
	 * @param time when it happened
	 * @return the attributes
	 */
	public static CloudEventAttributes of(TaskEvent event, UUID id, String source, Instant time) {
		EventType eventType = event.eventType();
		return new CloudEventAttributes(id.toString(), eventType.type(), source, time, event.taskId().toString(),
				eventType.dataSchema());
	}

	/**
	 * Writes these attributes, the spec version and the content type as headers.
	 * @param headers the record's headers
	 */
	public void writeTo(Headers headers) {
		put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		put(headers, CloudEventHeaders.ID, this.id);
		put(headers, CloudEventHeaders.TYPE, this.type);
		put(headers, CloudEventHeaders.SOURCE, this.source);
		put(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(this.time));
		put(headers, CloudEventHeaders.SUBJECT, this.subject);
		put(headers, CloudEventHeaders.DATA_SCHEMA, this.dataSchema);
		put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON);
	}

	/**
	 * Reads the attributes of a record.
	 * @param headers the record's headers
	 * @return the attributes
	 * @throws SerializationException if a required attribute is missing or malformed
	 */
	public static CloudEventAttributes readFrom(Headers headers) {
		String specVersion = required(headers, CloudEventHeaders.SPEC_VERSION);
		if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
			throw new SerializationException("unsupported CloudEvents spec version '" + specVersion + "'");
		}
		String time = required(headers, CloudEventHeaders.TIME);
		try {
			Instant instant = Rfc3339.parse(time);
			if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
				throw new SerializationException("header " + CloudEventHeaders.TIME + " is out of range: " + time);
			}
			return new CloudEventAttributes(required(headers, CloudEventHeaders.ID),
					required(headers, CloudEventHeaders.TYPE), required(headers, CloudEventHeaders.SOURCE), instant,
					required(headers, CloudEventHeaders.SUBJECT), required(headers, CloudEventHeaders.DATA_SCHEMA));
		}
		catch (DateTimeParseException ex) {
			throw new SerializationException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time: " + time,
					ex);
		}
	}

	/**
	 * The value of a header as text, or {@code null} when the record has no such header.
	 * @param headers the record's headers
	 * @param name the header name
	 * @return the last value of that header, or {@code null}
	 */
	public static @Nullable String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String required(Headers headers, String name) {
		String value = header(headers, name);
		if (value == null || value.isEmpty()) {
			throw new SerializationException("missing CloudEvents header '" + name + "'");
		}
		return value;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
