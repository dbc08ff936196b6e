package dev.taskplatform.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * audit-service's part of the {@link Tally}, read from its own API: every event on Kafka
 * audited once, and the audit chain whole.
 */
final class AuditCounts {

	private AuditCounts() {
	}

	static void count(Tally tally, Map<String, List<Published>> published, String auditUrl, @Nullable String token)
			throws Exception {
		Set<String> events = published.values()
			.stream()
			.flatMap(List::stream)
			.map(Published::eventId)
			.collect(Collectors.toSet());
		Map<String, Integer> audited = auditedEventIds(auditUrl, token);
		tally.check("events on Kafka without their audit record",
				events.stream().filter(Predicate.not(audited::containsKey)).toList());
		tally.check("events audited twice",
				audited.entrySet().stream().filter((entry) -> entry.getValue() > 1).map(Map.Entry::getKey).toList());
		JsonNode verified = ServiceCalls.get(auditUrl + "/audit-events/verify", token);
		tally.check("audit chain broken (GET /audit-events/verify)", verified.path("valid").asBoolean(false) ? List.of()
				: List.of("first broken sequence " + verified.path("firstBrokenSequence").asString()));
		tally.fact("audit records verified", verified.path("checked").asLong());
	}

	private static Map<String, Integer> auditedEventIds(String auditUrl, @Nullable String token) throws Exception {
		Map<String, Integer> audited = new HashMap<>();
		String cursor = "0";
		while (cursor != null) {
			JsonNode page = ServiceCalls.get(auditUrl + "/audit-events?limit=1000&cursor=" + cursor, token);
			for (JsonNode item : page.path("items")) {
				audited.merge(item.path("eventId").asString(), 1, Integer::sum);
			}
			JsonNode next = page.path("nextCursor");
			cursor = (next.isNull() || next.isMissingNode()) ? null : next.asString();
		}
		return audited;
	}

}
