package dev.taskplatform.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The audit log's hash chain: each record's hash is SHA-256 over its content and the hash
 * of the record before it, so changing, removing or inserting a record breaks every hash
 * after it. The payload is hashed as the event JSON was received, which is exactly what
 * the {@code json} column keeps and a verification reads back (records appended before V2
 * hold, and were hashed over, jsonb's rendering of it).
 */
final class HashChain {

	/** The "previous hash" of the first record. */
	static final String GENESIS = "0".repeat(64);

	private HashChain() {
	}

	static String hash(AuditRecord record, String previousHash) {
		String content = String.join("\n", Long.toString(record.sequence()), record.eventId(), record.type(),
				record.taskId().toString(), DateTimeFormatter.ISO_INSTANT.format(record.occurredAt()),
				DateTimeFormatter.ISO_INSTANT.format(record.recordedAt()), record.source(), record.payload(),
				previousHash);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
