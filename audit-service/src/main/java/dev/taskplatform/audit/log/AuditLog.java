package dev.taskplatform.audit.log;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.taskplatform.events.IncomingEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the log in one transaction per batch, three statements whatever its
 * size: the chain lock; the chain's head and which events are recorded already; the
 * insert. Events already recorded are skipped (a redelivery changes nothing), the rest
 * get the next sequences and their chained hashes, over their payloads' canonical form
 * ({@link HashChain#CANONICAL}).
 */
@Service
class AuditLog {

	private final AuditRepository repository;

	private final Clock clock;

	AuditLog(AuditRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Appends the events not recorded yet, in the given order.
	 * @param events the events of a batch
	 * @return the events appended (redelivered ones are left out)
	 */
	@Transactional
	public List<Event> append(List<Event> events) {
		if (events.isEmpty()) {
			return List.of();
		}
		this.repository.lockChain();
		AuditRepository.Batch batch = this.repository.prepare(events.stream().map(Event::eventId).toList());
		Instant recordedAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long sequence = batch.head().sequence();
		String previousHash = batch.head().hash();
		Set<String> seen = new HashSet<>(batch.recorded());
		List<AuditRecord> records = new ArrayList<>();
		List<Event> appended = new ArrayList<>();
		for (Event event : events) {
			// recorded before, or earlier in this batch
			if (!seen.add(event.eventId())) {
				continue;
			}
			AuditRecord unhashed = new AuditRecord(++sequence, event.eventId(), event.type(), event.taskId(),
					event.occurredAt(), recordedAt, event.source(), event.payload(), HashChain.CANONICAL, "");
			String hash = HashChain.hash(unhashed, event.canonicalPayload(), previousHash);
			records.add(unhashed.withHash(hash));
			appended.add(event);
			previousHash = hash;
		}
		this.repository.insert(records);
		return appended;
	}

	/**
	 * An event to record.
	 *
	 * @param incoming the event as consumed
	 * @param payload its JSON as received, which the record keeps
	 * @param canonicalPayload its RFC 8785 form, which the record's hash covers
	 * @param traceparent the W3C trace context its record carries, if any
	 */
	record Event(IncomingEvent incoming, String payload, String canonicalPayload, @Nullable String traceparent) {

		/**
		 * The event to record for one consumed.
		 * @param incoming the event as consumed
		 * @param traceparent the W3C trace context its record carries, if any
		 * @return the event to record
		 * @throws IllegalArgumentException if its JSON has no RFC 8785 form (duplicate
		 * member names, a lone surrogate, a number beyond the range of a double)
		 */
		static Event of(IncomingEvent incoming, @Nullable String traceparent) {
			String payload = new String(incoming.json(), StandardCharsets.UTF_8);
			return new Event(incoming, payload, CanonicalJson.of(payload), traceparent);
		}

		String eventId() {
			return this.incoming.attributes().id();
		}

		String type() {
			return this.incoming.attributes().type();
		}

		UUID taskId() {
			return this.incoming.event().taskId();
		}

		Instant occurredAt() {
			return this.incoming.attributes().time().truncatedTo(ChronoUnit.MICROS);
		}

		String source() {
			return this.incoming.attributes().source();
		}

	}

}
