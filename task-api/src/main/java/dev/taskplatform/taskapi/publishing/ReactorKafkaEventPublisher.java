package dev.taskplatform.taskapi.publishing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import reactor.kafka.sender.SenderResult;

/**
 * Publishes through reactor-kafka's {@link KafkaSender}, one producer for the whole
 * application. reactor-kafka is discontinued upstream; this class is the only one that
 * knows it, so it can be swapped for a {@code KafkaTemplate}-based publisher.
 */
class ReactorKafkaEventPublisher implements EventPublisher {

	private final KafkaSender<String, byte[]> sender;

	ReactorKafkaEventPublisher(KafkaSender<String, byte[]> sender) {
		this.sender = sender;
	}

	@Override
	public Mono<Outcome> publish(List<OutgoingRecord> records) {
		if (records.isEmpty()) {
			return Mono.just(new Outcome(List.of(), null));
		}
		// KafkaProducer.send() may block (up to max.block.ms) while it waits for
		// metadata:
		// hand the records over on a thread meant for blocking, never on an event loop.
		Flux<SenderRecord<String, byte[], Integer>> outgoing = Flux.range(0, records.size())
			.map((index) -> SenderRecord.create(toProducerRecord(records.get(index)), index))
			.publishOn(Schedulers.boundedElastic());
		// The sender does not stop on a record's failed delivery: every record of the
		// batch gets its acknowledgement or its failure. A record whose send() itself
		// throws (no metadata within max.block.ms) ends the flux early: what was
		// acknowledged until then still counts, the rest is sent again in a later round.
		List<SenderResult<Integer>> results = Collections.synchronizedList(new ArrayList<>());
		return this.sender.send(outgoing)
			.doOnNext(results::add)
			.then(Mono.fromSupplier(() -> outcome(results, null)))
			.onErrorResume(Exception.class, (ex) -> Mono.just(outcome(results, ex)));
	}

	private static Outcome outcome(List<SenderResult<Integer>> results, @Nullable Exception error) {
		List<Integer> acknowledged = new ArrayList<>(results.size());
		Exception failure = error;
		for (SenderResult<Integer> result : List.copyOf(results)) {
			if (result.exception() == null) {
				acknowledged.add(result.correlationMetadata());
			}
			else if (failure == null) {
				failure = result.exception();
			}
		}
		return new Outcome(acknowledged, failure);
	}

	private static ProducerRecord<String, byte[]> toProducerRecord(OutgoingRecord record) {
		RecordHeaders headers = new RecordHeaders();
		record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
	}

}
