package dev.taskplatform.audit.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.taskplatform.events.IncomingEvent;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the log in one transaction per batch: under the chain lock, events
 * already recorded are skipped (a redelivery changes nothing), the rest get the next
 * sequences and their chained hashes, and go in with one insert.
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
	 * @return the records appended (redelivered events are left out)
	 */
	@Transactional
	public List<Appended> append(List<Event> events) {
		if (events.isEmpty()) {
			return List.of();
		}
		this.repository.lockChain();
		Set<String> recorded = new HashSet<>(
				this.repository.recordedEventIds(events.stream().map((event) -> event.eventId()).toList()));
		AuditRepository.ChainHead head = this.repository.head();
		Instant recordedAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		List<Event> fresh = events.stream().filter((event) -> recorded.add(event.eventId())).toList();
		List<String> payloads = this.repository.asStored(fresh.stream().map(Event::payload).toList());
		long sequence = head.sequence();
		String previousHash = head.hash();
		List<AuditRecord> records = new ArrayList<>();
		List<Appended> appended = new ArrayList<>();
		for (int i = 0; i < fresh.size(); i++) {
			Event event = fresh.get(i);
			AuditRecord unhashed = new AuditRecord(++sequence, event.eventId(), event.type(), event.taskId(),
					event.occurredAt(), recordedAt, event.source(), payloads.get(i), "");
			String hash = HashChain.hash(unhashed, previousHash);
			records.add(new AuditRecord(unhashed.sequence(), unhashed.eventId(), unhashed.type(), unhashed.taskId(),
					unhashed.occurredAt(), unhashed.recordedAt(), unhashed.source(), unhashed.payload(), hash));
			appended.add(new Appended(event.incoming(), recordedAt));
			previousHash = hash;
		}
		this.repository.insert(records);
		return appended;
	}

	/**
	 * An event to record.
	 *
	 * @param incoming the event as consumed
	 * @param payload its JSON as received
	 */
	record Event(IncomingEvent incoming, String payload) {

		static Event of(IncomingEvent incoming) {
			return new Event(incoming, new String(incoming.json(), java.nio.charset.StandardCharsets.UTF_8));
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

	/**
	 * An event that was appended.
	 *
	 * @param incoming the event
	 * @param recordedAt when its record was written
	 */
	record Appended(IncomingEvent incoming, Instant recordedAt) {

	}

}
