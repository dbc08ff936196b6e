package dev.taskplatform.consumer;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * How every batch listener turns a poll into effects, and a failure into "the records
 * before index i are done, record i failed" ({@link BatchListenerFailedException}), so
 * that the error handler commits the offsets before i, retries or dead-letters record i
 * alone, and consumes the rest again.
 * <ul>
 * <li>Records are read in order. One that can never be handled (a
 * {@link SerializationException} or a {@link NotRetryableException} from the reader) ends
 * the batch: the records before it are applied, then it goes to its dead-letter topic at
 * once.</li>
 * <li>The effect of the records read is applied to them at once (one transaction, in the
 * services). An effect that knows where it stopped says so with {@link Incomplete}.</li>
 * <li>A transient failure (the database away) is blamed on the first record not done, so
 * that it is retried for as long as the outage lasts.</li>
 * <li>Any other failure of a batch of several records does not say which record caused
 * it: the records are then applied one by one, in order, each on its own, and the first
 * that fails is the one reported. Only it goes to its dead-letter topic (after the error
 * handler's retries); the records before it are applied and committed.</li>
 * </ul>
 */
public final class Batches {

	private static final Logger logger = LoggerFactory.getLogger(Batches.class);

	private Batches() {
	}

	/**
	 * Applies a poll's records.
	 * @param <K> the records' key type
	 * @param <V> the records' value type
	 * @param <T> what a record is read as
	 * @param records the poll, in the order consumed
	 * @param reader reads one record; throws {@link SerializationException} or
	 * {@link NotRetryableException} for a record that can never be handled
	 * @param effect applies records read, in order, all or none unless it throws
	 * {@link Incomplete}
	 * @throws BatchListenerFailedException naming the first record not done
	 */
	public static <K, V, T> void consume(List<ConsumerRecord<K, V>> records, Reader<K, V, T> reader, Effect<T> effect) {
		List<T> read = new ArrayList<>(records.size());
		RuntimeException unreadable = null;
		for (ConsumerRecord<K, V> record : records) {
			try {
				read.add(reader.read(record));
			}
			catch (SerializationException | NotRetryableException ex) {
				unreadable = ex;
				break;
			}
		}
		if (!read.isEmpty()) {
			apply(records, read, effect);
		}
		if (unreadable != null) {
			throw new BatchListenerFailedException("unreadable event: " + unreadable.getMessage(), unreadable,
					read.size());
		}
	}

	private static <T> void apply(List<? extends ConsumerRecord<?, ?>> records, List<T> read, Effect<T> effect) {
		try {
			effect.apply(read);
			return;
		}
		catch (Incomplete ex) {
			throw failedAt(records, ex.index(), ex);
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex) || read.size() == 1) {
				throw failedAt(records, 0, ex);
			}
			logger.warn("A batch of {} records failed ({}); applying them one by one to find the record at fault",
					read.size(), ex.toString());
		}
		for (int index = 0; index < read.size(); index++) {
			try {
				effect.apply(List.of(read.get(index)));
			}
			catch (Incomplete ex) {
				throw failedAt(records, index + ex.index(), ex);
			}
			catch (RuntimeException ex) {
				throw failedAt(records, index, ex);
			}
		}
	}

	private static BatchListenerFailedException failedAt(List<? extends ConsumerRecord<?, ?>> records, int index,
			RuntimeException failure) {
		Throwable cause = (failure instanceof Incomplete && failure.getCause() != null) ? failure.getCause() : failure;
		if (TransientFailures.isTransient(failure)) {
			logger.warn("Transient failure (database away, or a lock conflict), {} records of a batch are retried: {}",
					records.size() - index, failure.getMessage());
		}
		ConsumerRecord<?, ?> record = records.get(index);
		return new BatchListenerFailedException(
				record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + cause.getMessage(), cause,
				index);
	}

	/**
	 * Reads one record.
	 *
	 * @param <K> its key type
	 * @param <V> its value type
	 * @param <T> what it is read as
	 */
	@FunctionalInterface
	public interface Reader<K, V, T> {

		T read(ConsumerRecord<K, V> record);

	}

	/**
	 * The effect of records read.
	 *
	 * @param <T> what a record is read as
	 */
	@FunctionalInterface
	public interface Effect<T> {

		/**
		 * Applies the records, in order. After a failure of several records it is called
		 * again with each of them alone, so it must be idempotent (the services recognise
		 * an event applied before by its id; notification-service may then deliver an
		 * event again, which its receivers de-duplicate).
		 * @param records what was read, in the order consumed
		 * @throws Incomplete when only the records before one of them are done
		 */
		void apply(List<T> records);

	}

	/**
	 * Only the records before {@link #index()} are done (committed): that one and those
	 * after it are consumed again, or with a {@link NotRetryableException} cause it goes
	 * to its dead-letter topic at once.
	 */
	public static class Incomplete extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int index;

		/**
		 * @param index the position, in the records given to the effect, of the first
		 * record not done
		 * @param message why
		 * @param cause what failed, if anything did
		 */
		public Incomplete(int index, String message, @Nullable Throwable cause) {
			super((message.isEmpty() && cause != null) ? cause.getMessage() : message, cause);
			this.index = index;
		}

		public int index() {
			return this.index;
		}

	}

}
