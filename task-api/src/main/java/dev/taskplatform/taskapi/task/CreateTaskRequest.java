package dev.taskplatform.taskapi.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jakarta.validation.constraints.Email;
import tools.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /tasks}.
 *
 * @param title 1 to 200 characters, not blank
 * @param description up to 4000 characters
 * @param assignee an e-mail address
 * @param dueAt an ISO-8601 date-time with an offset
 */
record CreateTaskRequest(@NotBlank @Size(max = 200) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String title,
		@Size(max = 4000) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) @Nullable String description,
		@Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
				message = "must be an e-mail address") @Size(max = 320) @Nullable String assignee,
		@JsonDeserialize(using = StrictOffsetDateTimeDeserializer.class) @Nullable OffsetDateTime dueAt) {

	// PostgreSQL text cannot hold U+0000: refuse it here rather than fail at the insert
	static final String NO_NUL = "[^\\x00]*";

	static final String NUL_MESSAGE = "must not contain NUL characters";

	/**
	 * The due moment as stored: PostgreSQL keeps microseconds.
	 * @return the due instant, or {@code null}
	 */
	@Nullable Instant dueInstant() {
		return (this.dueAt != null) ? this.dueAt.toInstant().truncatedTo(ChronoUnit.MICROS) : null;
	}

	private static String orAbsent(@Nullable Object value) {
		return (value != null) ? value.toString() : "\u0001";
	}

	/**
	 * A hash of what the request asks for, independent of JSON formatting, to tell a
	 * replay of an Idempotency-Key from a different request under the same key.
	 * @return hex SHA-256
	 */
	String fingerprint() {
		// U+0000 separates the fields and U+0001 stands for an absent one: neither can be
		// in a valid request, so no two different requests share a canonical form
		String canonical = String.join("\u0000", this.title, orAbsent(this.description), orAbsent(this.assignee),
				orAbsent(dueInstant()));
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
