package dev.taskplatform.audit.log;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A page of the audit log: records after a sequence, optionally filtered.
 *
 * @param taskId only this task's events
 * @param type only events of this type
 * @param from only events that occurred at or after this moment
 * @param to only events that occurred before this moment
 * @param afterSequence only records after this sequence (the cursor)
 * @param limit most records
 */
record AuditQuery(@Nullable UUID taskId, @Nullable String type, @Nullable Instant from, @Nullable Instant to,
		long afterSequence, int limit) {

}
