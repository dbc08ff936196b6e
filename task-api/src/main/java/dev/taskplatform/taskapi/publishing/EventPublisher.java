package dev.taskplatform.taskapi.publishing;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The publishing seam: sends records to Kafka and reports, once every record has its
 * outcome, which ones the cluster acknowledged and which it refused. Records with the
 * same key are sent in the order given. Only this seam knows which Kafka client is used.
 */
public interface EventPublisher {

	Mono<Outcome> publish(List<OutgoingRecord> records);

	/**
	 * What became of a batch. A record in neither list was not attempted (the client gave
	 * up on the whole batch): it may or may not have reached Kafka.
	 *
	 * @param acknowledged positions (in the batch) of the records the cluster
	 * acknowledged
	 * @param failed positions of the records that failed, with the reason
	 */
	record Outcome(List<Integer> acknowledged, Map<Integer, Exception> failed) {

		/** Whether every record of a batch of this size was acknowledged. */
		public boolean allAcknowledged(int size) {
			return this.acknowledged.size() == size;
		}

		/** The first failure, if any. */
		public @Nullable Exception firstFailure() {
			return this.failed.isEmpty() ? null : this.failed.values().iterator().next();
		}

	}

}
