package dev.taskplatform.consumer.deadletters;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Which records of a dead-letter topic: every criterion given must hold.
 *
 * @param partition only this partition
 * @param fromOffset from this offset on (with a partition)
 * @param toOffset up to this offset, included (with a partition)
 * @param taskId only records whose key is this task id
 * @param since only records dead-lettered at or after this time
 * @param until only records dead-lettered before this time
 */
public record Selection(@Nullable Integer partition, @Nullable Long fromOffset, @Nullable Long toOffset,
		@Nullable String taskId, @Nullable Instant since, @Nullable Instant until) {

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	/**
	 * What is wrong with this selection, if anything.
	 * @return the problem, or {@code null} when it can be used
	 */
	public @Nullable String problem() {
		if (this.partition != null && this.partition < 0) {
			return "partition must be 0 or more";
		}
		if ((this.fromOffset != null || this.toOffset != null) && this.partition == null) {
			return "fromOffset and toOffset need a partition: offsets are per partition";
		}
		if ((this.fromOffset != null && this.fromOffset < 0) || (this.toOffset != null && this.toOffset < 0)) {
			return "offsets must be 0 or more";
		}
		if (this.fromOffset != null && this.toOffset != null && this.fromOffset > this.toOffset) {
			return "fromOffset must not be after toOffset";
		}
		if (outOfRange(this.since) || outOfRange(this.until)) {
			return "since and until must be between 1970 and 9999";
		}
		if (this.since != null && this.until != null && !this.since.isBefore(this.until)) {
			return "since must be before until";
		}
		return null;
	}

	/**
	 * Whether it names records in some way (a redrive of "everything" has to say so with
	 * a time or a range).
	 * @return {@code true} unless no criterion is given
	 */
	public boolean choosesSome() {
		return this.partition != null || this.taskId != null || this.since != null || this.until != null;
	}

	private static boolean outOfRange(@Nullable Instant time) {
		return time != null && (time.isBefore(Instant.EPOCH) || time.isAfter(LATEST));
	}

	boolean includesPartition(int candidate) {
		return this.partition == null || this.partition == candidate;
	}

	boolean matches(ConsumerRecord<byte[], byte[]> record) {
		if (this.taskId != null && (record.key() == null || !this.taskId.equals(DeadLetter.keyOf(record)))) {
			return false;
		}
		if (this.since != null && record.timestamp() < this.since.toEpochMilli()) {
			return false;
		}
		return this.until == null || record.timestamp() < this.until.toEpochMilli();
	}

}
