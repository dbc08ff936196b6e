package dev.taskplatform.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchesTests {

	private final List<List<String>> applied = new ArrayList<>();

	@Test
	void aBatchThatSucceedsIsAppliedOnce() {
		Batches.consume(records("a", "b", "c"), ConsumerRecord::value, this.applied::add);

		assertThat(this.applied).containsExactly(List.of("a", "b", "c"));
	}

	@Test
	void anUnreadableRecordEndsTheBatchAfterTheRecordsBeforeIt() {
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> Batches.consume(records("a", "poison", "c"), BatchesTests::read, this.applied::add))
			.satisfies((ex) -> assertThat(ex.getIndex()).isEqualTo(1))
			.withCauseInstanceOf(SerializationException.class);

		assertThat(this.applied).containsExactly(List.of("a"));
	}

	@Test
	void aFailureOfSeveralRecordsIsNarrowedDownToTheRecordAtFault() {
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> Batches.consume(records("a", "b", "bad", "d"), ConsumerRecord::value, failingOn("bad")))
			.satisfies((ex) -> assertThat(ex.getIndex()).isEqualTo(2))
			.withCauseInstanceOf(DataIntegrityViolationException.class);

		// the whole batch rolled back, then one by one up to the record at fault
		assertThat(this.applied).containsExactly(List.of("a"), List.of("b"));
	}

	@Test
	void aTransientFailureIsBlamedOnTheFirstRecordWithoutNarrowingDown() {
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> Batches.consume(records("a", "b"), ConsumerRecord::value, (items) -> {
				throw new QueryTimeoutException("database away");
			}))
			.satisfies((ex) -> assertThat(ex.getIndex()).isZero())
			.withCauseInstanceOf(QueryTimeoutException.class);
	}

	@Test
	void anEffectThatStopsPartWayIsReportedWhereItStopped() {
		RetryLater later = new RetryLater("receiver busy", java.time.Instant.now());

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> Batches.consume(records("a", "b", "c"), ConsumerRecord::value, (items) -> {
				throw new Batches.Incomplete(1, "", later);
			}))
			.satisfies((ex) -> assertThat(ex.getIndex()).isEqualTo(1))
			.withCause(later);
	}

	private Batches.Effect<String> failingOn(String bad) {
		return (items) -> {
			if (items.contains(bad)) {
				throw new DataIntegrityViolationException("cannot store " + bad);
			}
			this.applied.add(items);
		};
	}

	private static String read(ConsumerRecord<String, String> record) {
		if (record.value().equals("poison")) {
			throw new SerializationException("unreadable");
		}
		return record.value();
	}

	private static List<ConsumerRecord<String, String>> records(String... values) {
		return IntStream.range(0, values.length)
			.mapToObj((i) -> new ConsumerRecord<>("task.created", 0, i, "key", values[i]))
			.toList();
	}

}
