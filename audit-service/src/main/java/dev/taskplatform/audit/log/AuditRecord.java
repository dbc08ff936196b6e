package dev.taskplatform.audit.log;

import java.time.Instant;
import java.util.UUID;

/**
 * One record of the audit log as stored (the payload as the event JSON was received).
 *
 * @param sequence position in the log, from 1, without gaps
 * @param eventId the event's {@code ce_id}
 * @param type the event's {@code ce_type}
 * @param taskId the task the event is about
 * @param occurredAt the event's {@code ce_time}
 * @param recordedAt when this service recorded it
 * @param source the event's {@code ce_source}
 * @param payload the event JSON
 * @param hashScheme which text of the payload the hash covers
 * ({@link HashChain#STORED_TEXT} or {@link HashChain#CANONICAL})
 * @param hash SHA-256 over this record and the previous record's hash ({@link HashChain})
 */
record AuditRecord(long sequence, String eventId, String type, UUID taskId, Instant occurredAt, Instant recordedAt,
		String source, String payload, int hashScheme, String hash) {

	AuditRecord withHash(String hash) {
		return new AuditRecord(this.sequence, this.eventId, this.type, this.taskId, this.occurredAt, this.recordedAt,
				this.source, this.payload, this.hashScheme, hash);
	}

}
