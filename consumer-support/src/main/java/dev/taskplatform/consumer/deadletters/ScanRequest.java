package dev.taskplatform.consumer.deadletters;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * The criteria a request to {@link DeadLettersEndpoint} gives, parsed and checked: which
 * records, and where a previous answer's {@code next} said to go on. What is wrong with
 * them is an {@link IllegalArgumentException} whose message the endpoint answers with.
 *
 * @param selection which records
 * @param after where to go on, or {@code null} from the start
 */
record ScanRequest(Selection selection, @Nullable Position after) {

	private static final int DEFAULT_PAGE = 50;

	private static final int LARGEST_PAGE = 500;

	/**
	 * Parses a request's criteria; a blank one is not given.
	 * @param partition only this partition
	 * @param fromOffset from this offset (with a partition)
	 * @param toOffset to this offset, included (with a partition)
	 * @param taskId only this task's records
	 * @param since dead-lettered at or after (ISO-8601)
	 * @param until dead-lettered before (ISO-8601)
	 * @param page where to go on: the previous answer's {@code next}
	 * @return the request
	 * @throws IllegalArgumentException when a criterion cannot be used
	 */
	static ScanRequest of(@Nullable Integer partition, @Nullable Long fromOffset, @Nullable Long toOffset,
			@Nullable String taskId, @Nullable String since, @Nullable String until, @Nullable String page) {
		Selection selection = new Selection(partition, fromOffset, toOffset, blankToNull(taskId), time("since", since),
				time("until", until));
		String problem = selection.problem();
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return new ScanRequest(selection, (page != null && !page.isBlank()) ? Position.parse(page.strip()) : null);
	}

	/**
	 * The records per page a request asks for.
	 * @param limit the {@code limit} given, if any
	 * @return it, or 50 without one
	 * @throws IllegalArgumentException unless it is between 1 and 500
	 */
	static int pageSize(@Nullable Integer limit) {
		int size = (limit != null) ? limit : DEFAULT_PAGE;
		if (size < 1 || size > LARGEST_PAGE) {
			throw new IllegalArgumentException("limit must be between 1 and " + LARGEST_PAGE);
		}
		return size;
	}

	/**
	 * This request, as a redrive's: it has to choose records (a redrive of everything
	 * says so with a time).
	 * @return this request
	 * @throws IllegalArgumentException when it gives no criterion
	 */
	ScanRequest choosingSome() {
		if (!this.selection.choosesSome()) {
			throw new IllegalArgumentException("say which records to redrive: a partition (and offsets), a taskId, "
					+ "or since (e.g. since=1970-01-01T00:00:00Z for all)");
		}
		return this;
	}

	private static @Nullable Instant time(String name, @Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " must be an ISO-8601 instant, e.g. 2026-12-01T10:00:00Z");
		}
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
