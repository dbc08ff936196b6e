package dev.taskplatform.events;

import org.jspecify.annotations.Nullable;

/**
 * Guards the required fields of the event records, whether built in code or read from
 * JSON.
 */
final class RequiredFields {

	private RequiredFields() {
	}

	static void check(String field, @Nullable Object value) {
		if (value == null) {
			throw new MissingFieldException(field);
		}
	}

	/**
	 * A required field of an event is missing; the message names it.
	 */
	static final class MissingFieldException extends IllegalArgumentException {

		MissingFieldException(String field) {
			super("missing required field '" + field + "'");
		}

	}

}
