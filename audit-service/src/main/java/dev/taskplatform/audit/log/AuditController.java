package dev.taskplatform.audit.log;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read access to the audit log for operators: pages in sequence order, and a verification
 * of the whole chain.
 */
@RestController
@RequestMapping(path = "/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

	private final AuditRepository repository;

	private final ChainVerifier verifier;

	private final JsonMapper json;

	AuditController(AuditRepository repository, ChainVerifier verifier, JsonMapper json) {
		this.repository = repository;
		this.verifier = verifier;
		this.json = json;
	}

	@GetMapping
	Page list(@RequestParam(required = false) @Nullable UUID taskId,
			@RequestParam(required = false) @Pattern(regexp = "[a-z.]{1,64}") @Nullable String type,
			@RequestParam(required = false) @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE_TIME) @Nullable OffsetDateTime from,
			@RequestParam(required = false) @DateTimeFormat(
					iso = DateTimeFormat.ISO.DATE_TIME) @Nullable OffsetDateTime to,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(defaultValue = "0") @Min(0) long cursor) {
		requireInRange("from", from);
		requireInRange("to", to);
		List<AuditRecord> records = this.repository.page(new AuditQuery(taskId, type,
				(from != null) ? from.toInstant() : null, (to != null) ? to.toInstant() : null, cursor, limit));
		List<Item> items = records.stream().map(this::item).toList();
		String next = (records.size() == limit) ? Long.toString(records.get(limit - 1).sequence()) : null;
		return new Page(items, next);
	}

	private static void requireInRange(String name, @Nullable OffsetDateTime value) {
		if (value != null && (value.getYear() < 1 || value.getYear() > 9999)) {
			ErrorResponseException problem = new ErrorResponseException(HttpStatus.BAD_REQUEST);
			problem.getBody().setDetail("'" + name + "' must be a date-time from year 1 to 9999.");
			throw problem;
		}
	}

	@GetMapping("/verify")
	ChainVerifier.Verification verify() {
		return this.verifier.verify();
	}

	private Item item(AuditRecord record) {
		return new Item(record.sequence(), record.eventId(), record.type(), record.taskId(),
				record.occurredAt().toString(), record.recordedAt().toString(), record.source(),
				this.json.readTree(record.payload()), record.hashScheme(),
				(record.hashScheme() == HashChain.STORED_TEXT) ? record.payload() : null, record.hash());
	}

	/**
	 * A page of the log.
	 *
	 * @param items records in sequence order
	 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the
	 * last
	 */
	record Page(List<Item> items, @Nullable String nextCursor) {

	}

	/**
	 * One record as the API shows it: what its hash covers, in that order
	 * ({@link HashChain}), then how, then the hash.
	 *
	 * @param sequence position in the log
	 * @param eventId the event's {@code ce_id}
	 * @param type the event type
	 * @param taskId the task
	 * @param occurredAt the event's {@code ce_time}
	 * @param recordedAt when it was recorded
	 * @param source the producing service
	 * @param payload the event JSON
	 * @param hashScheme 1, the hash covers {@code payloadText}; 2, it covers the RFC 8785
	 * form of {@code payload}
	 * @param payloadText with scheme 1 the payload's text exactly as stored, which is not
	 * always the JSON {@code payload} is served as; {@code null} with scheme 2
	 * @param hash its chained hash
	 */
	record Item(long sequence, String eventId, String type, UUID taskId, String occurredAt, String recordedAt,
			String source, JsonNode payload, int hashScheme, @Nullable String payloadText, String hash) {

	}

}
