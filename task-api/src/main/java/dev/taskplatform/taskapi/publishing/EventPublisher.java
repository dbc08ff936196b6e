package dev.taskplatform.taskapi.publishing;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The publishing seam: sends records to Kafka and reports, once every record has its
 * outcome, which ones the cluster acknowledged. Records with the same key are sent in the
 * order given. Only this seam knows which Kafka client is used.
 */
public interface EventPublisher {

	Mono<Outcome> publish(List<OutgoingRecord> records);

	/**
	 * What became of a batch.
	 *
	 * @param acknowledged positions (in the batch) of the records the cluster
	 * acknowledged
	 * @param failure the first failure, or {@code null} when every record was
	 * acknowledged
	 */
	record Outcome(List<Integer> acknowledged, @org.jspecify.annotations.Nullable Exception failure) {

	}

}
