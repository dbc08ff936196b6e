package dev.taskplatform.taskapi.publishing;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The publishing seam: sends records to Kafka and completes once every one of them is
 * acknowledged by the cluster, or fails if any is not. Records with the same key are sent
 * in the order given. Only this seam knows which Kafka client is used.
 */
public interface EventPublisher {

	Mono<Void> publish(List<OutgoingRecord> records);

}
