package dev.taskplatform.audit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log's hash chain: each record's hash is SHA-256 over its content and the hash
 * of the record before it, so changing, removing or inserting a record breaks every hash
 * after it.
 */
final class HashChain {

	/** The "previous hash" of the first record. */
	static final String GENESIS = "0".repeat(64);

	/**
	 * Sorted keys, no whitespace: the same JSON however PostgreSQL's jsonb renders it.
	 */
	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private HashChain() {
	}

	static String hash(AuditRecord record, String previousHash) {
		String content = String.join("\n", Long.toString(record.sequence()), record.eventId(), record.type(),
				record.taskId().toString(), DateTimeFormatter.ISO_INSTANT.format(record.occurredAt()),
				DateTimeFormatter.ISO_INSTANT.format(record.recordedAt()), record.source(),
				canonicalJson(record.payload()), previousHash);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/**
	 * The canonical form of a JSON document: parsed, keys sorted, written compactly.
	 * @param json any JSON text
	 * @return its canonical text
	 */
	static String canonicalJson(String json) {
		return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class));
	}

}
