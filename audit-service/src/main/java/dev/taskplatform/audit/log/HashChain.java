package dev.taskplatform.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The audit log's hash chain: each record's hash is SHA-256 over its content and the hash
 * of the record before it ({@link #GENESIS} before the first), so changing, removing or
 * inserting a record breaks every hash after it. The content is, joined by line feeds and
 * encoded in UTF-8: the sequence in decimal, the event id, the type, the task id, when it
 * occurred and when it was recorded (ISO-8601 in UTC, as
 * {@link java.time.Instant#toString()} writes them), the source, the payload, and the
 * previous record's hash in lowercase hex. Which text stands for the payload is the
 * record's hash scheme:
 * <ol>
 * <li>{@link #STORED_TEXT}: the payload's text exactly as stored. Records appended before
 * migration V3 have it (the event JSON as received; before V2, jsonb's rendering of
 * it).</li>
 * <li>{@link #CANONICAL}: the payload's RFC 8785 form ({@link CanonicalJson}), which does
 * not depend on how the JSON is spelled, so anyone can recompute it from the payload the
 * API serves. Records appended since V3 have it.</li>
 * </ol>
 * A verification recomputes each record with its own scheme; the links do not depend on
 * it, so the chain runs on unbroken across the change.
 */
final class HashChain {

	/** The "previous hash" of the first record. */
	static final String GENESIS = "0".repeat(64);

	/** The payload's text as stored. */
	static final int STORED_TEXT = 1;

	/** The payload's RFC 8785 canonical form: the scheme of records appended now. */
	static final int CANONICAL = 2;

	private HashChain() {
	}

	/**
	 * The hash of a record.
	 * @param record the record
	 * @param hashedPayload what its scheme hashes of its payload
	 * @param previousHash the previous record's hash
	 * @return its hash, in lowercase hex
	 */
	static String hash(AuditRecord record, String hashedPayload, String previousHash) {
		String content = String.join("\n", Long.toString(record.sequence()), record.eventId(), record.type(),
				record.taskId().toString(), DateTimeFormatter.ISO_INSTANT.format(record.occurredAt()),
				DateTimeFormatter.ISO_INSTANT.format(record.recordedAt()), record.source(), hashedPayload,
				previousHash);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/**
	 * The hash of a record, with its scheme.
	 * @param record the record
	 * @param previousHash the previous record's hash
	 * @return its hash, in lowercase hex
	 * @throws IllegalArgumentException if its scheme is unknown, or is {@link #CANONICAL}
	 * and its payload has no canonical form
	 */
	static String hash(AuditRecord record, String previousHash) {
		String hashedPayload = switch (record.hashScheme()) {
			case STORED_TEXT -> record.payload();
			case CANONICAL -> CanonicalJson.of(record.payload());
			default -> throw new IllegalArgumentException("unknown hash scheme " + record.hashScheme());
		};
		return hash(record, hashedPayload, previousHash);
	}

	/**
	 * Whether a stored record's hash is that of its content, with its scheme, and of the
	 * previous hash.
	 * @param record the record
	 * @param previousHash the previous record's hash
	 * @return whether it holds
	 */
	static boolean holds(AuditRecord record, String previousHash) {
		try {
			return hash(record, previousHash).equals(record.hash());
		}
		catch (IllegalArgumentException ex) {
			// an unknown scheme, or a payload changed into JSON without a canonical form
			return false;
		}
	}

}
