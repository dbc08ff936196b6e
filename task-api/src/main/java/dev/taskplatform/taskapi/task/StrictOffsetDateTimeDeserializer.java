package dev.taskplatform.taskapi.task;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads an ISO-8601 date-time with an offset from a JSON string, and nothing else: a
 * number is not taken as epoch seconds and a date-time without offset is refused, since
 * either would silently guess what the client meant.
 */
class StrictOffsetDateTimeDeserializer extends ValueDeserializer<OffsetDateTime> {

	@Override
	public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
		}
		String text = parser.getString();
		try {
			OffsetDateTime value = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			if (value.getYear() < 1 || value.getYear() > 9999) {
				// PostgreSQL and most clients stop well before Java's limits
				return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text,
						"expected a year from 1 to 9999");
			}
			return value;
		}
		catch (DateTimeParseException ex) {
			return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text,
					"expected an ISO-8601 date-time with offset");
		}
	}

}
