package dev.taskplatform.audit.log;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a record's hash covers, pinned by hashes that the README's verifier (Python, from
 * the record as the API serves it) computes for the same record.
 */
class HashChainTests {

	private static final String PREVIOUS = "ab".repeat(32);

	private static final String PAYLOAD = "{\"title\": \"Gr\\u00fc\\u00dfe \\ud83d\\ude00\", "
			+ "\"taskId\": \"0b6e8a52-2f5c-4e63-9a4e-3f2d1c0b9a87\", \"createdAt\": \"2026-12-01T10:00:00.123456Z\", "
			+ "\"zeta\": 1.0E7, \"alpha\": {\"b\": [1, 2.50], \"a\": \"\\u00e9\\n\"}}";

	/** The same data as {@link #PAYLOAD}, spelled otherwise. */
	private static final String RESPELLED = "{\"alpha\":{\"a\":\"\u00e9\\n\",\"b\":[1.0,2.5]},\"zeta\":10000000,"
			+ "\"createdAt\":\"2026-12-01T10:00:00.123456Z\",\"taskId\":\"0b6e8a52-2f5c-4e63-9a4e-3f2d1c0b9a87\","
			+ "\"title\":\"Gr\u00fc\u00dfe \ud83d\ude00\"}";

	@Test
	void canonicalSchemeHashesTheFieldsAndThePayloadsRfc8785Form() {
		assertThat(HashChain.hash(record(PAYLOAD, HashChain.CANONICAL), PREVIOUS))
			.isEqualTo("d3d1e5e0aa62eff8c6079a310061b4799bbe6b9cd0d4012483ef1fb8ba8193b5");
	}

	@Test
	void canonicalSchemeDoesNotDependOnHowThePayloadIsSpelled() {
		assertThat(HashChain.hash(record(RESPELLED, HashChain.CANONICAL), PREVIOUS))
			.isEqualTo(HashChain.hash(record(PAYLOAD, HashChain.CANONICAL), PREVIOUS));
	}

	@Test
	void storedTextSchemeHashesTheFieldsAndThePayloadsTextAsStored() {
		assertThat(HashChain.hash(record(PAYLOAD, HashChain.STORED_TEXT), PREVIOUS))
			.isEqualTo("36d1586982e30fce300e7e38d8ab15ae5f4a7ba9e96607f7cf3d8d81b18ba506");
		assertThat(HashChain.hash(record(RESPELLED, HashChain.STORED_TEXT), PREVIOUS))
			.isNotEqualTo(HashChain.hash(record(PAYLOAD, HashChain.STORED_TEXT), PREVIOUS));
	}

	@Test
	void aRecordHoldsWithItsOwnContentAndPreviousHashOnly() {
		AuditRecord record = record(PAYLOAD, HashChain.CANONICAL);
		AuditRecord hashed = record.withHash(HashChain.hash(record, PREVIOUS));
		AuditRecord revalued = changed(hashed, PAYLOAD.replace("1.0E7", "1.0E8"), HashChain.CANONICAL);

		assertThat(HashChain.holds(hashed, PREVIOUS)).isTrue();
		assertThat(HashChain.holds(hashed, HashChain.GENESIS)).isFalse();
		assertThat(HashChain.holds(changed(hashed, RESPELLED, HashChain.CANONICAL), PREVIOUS)).isTrue();
		assertThat(HashChain.holds(revalued, PREVIOUS)).isFalse();
		assertThat(HashChain.holds(changed(hashed, PAYLOAD, HashChain.STORED_TEXT), PREVIOUS)).isFalse();
		assertThat(HashChain.holds(changed(hashed, PAYLOAD, 3), PREVIOUS)).isFalse();
		// no canonical form: the record does not hold, and the verification goes on
		assertThat(HashChain.holds(changed(hashed, "{\"a\":1,\"a\":1}", HashChain.CANONICAL), PREVIOUS)).isFalse();
	}

	private static AuditRecord record(String payload, int hashScheme) {
		return new AuditRecord(42, "6f1c1d3e-5a4b-4c2d-9e8f-0a1b2c3d4e5f", "task.created",
				UUID.fromString("0b6e8a52-2f5c-4e63-9a4e-3f2d1c0b9a87"), Instant.parse("2026-12-01T10:00:00.123456Z"),
				Instant.parse("2026-12-01T10:00:01Z"), "/task-api", payload, hashScheme, "");
	}

	/** The record with another payload or scheme, and its hash. */
	private static AuditRecord changed(AuditRecord record, String payload, int hashScheme) {
		return new AuditRecord(record.sequence(), record.eventId(), record.type(), record.taskId(), record.occurredAt(),
				record.recordedAt(), record.source(), payload, hashScheme, record.hash());
	}

}
