package dev.taskplatform.taskapi.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A keyset position in the newest-first listing: the (createdAt, id) of the last task of
 * a page, opaque to clients.
 *
 * @param createdAt the last task's creation time
 * @param id the last task's id
 */
record PageCursor(Instant createdAt, UUID id) {

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.createdAt + "|" + this.id).getBytes(StandardCharsets.UTF_8));
	}

	static PageCursor decode(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
			if (parts.length != 2) {
				throw new IllegalArgumentException("expected two parts");
			}
			Instant createdAt = Instant.parse(parts[0]);
			if (createdAt.isBefore(Instant.EPOCH) || createdAt.isAfter(LATEST)) {
				throw new IllegalArgumentException("out of range");
			}
			return new PageCursor(createdAt, UUID.fromString(parts[1]));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new InvalidCursorException();
		}
	}

	/**
	 * A cursor that this API did not hand out.
	 */
	static class InvalidCursorException extends ErrorResponseException {

		InvalidCursorException() {
			super(HttpStatus.BAD_REQUEST);
			getBody().setTitle("Invalid cursor");
			getBody().setDetail("The cursor is not one this API handed out; use the nextCursor of a previous page.");
		}

	}

}
