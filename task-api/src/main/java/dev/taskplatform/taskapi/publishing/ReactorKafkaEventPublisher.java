package dev.taskplatform.taskapi.publishing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
			return Mono.just(new Outcome(List.of(), Map.of()));
		}
		// KafkaProducer.send() may block (up to max.block.ms) while it waits for the
		// metadata of a topic it does not know yet: hand the records over on a thread
		// meant for blocking, never on an event loop or the relay's thread.
		Flux<SenderRecord<String, byte[], Integer>> outgoing = Flux.range(0, records.size())
			.map((index) -> SenderRecord.create(toProducerRecord(records.get(index)), index))
			.publishOn(Schedulers.boundedElastic());
		// The sender does not stop at a failed record (stopOnError false): every record
		// gets its acknowledgement or its failure, then the flux ends with the first
		// failure. A fatal producer error ends it at once: the records without a result
		// then count as not attempted.
		// (a failed send() reports from the sending thread, acknowledgements from the
		// producer's: the list is synchronized)
		List<SenderResult<Integer>> results = Collections.synchronizedList(new ArrayList<>(records.size()));
		return this.sender.send(outgoing)
			.doOnNext(results::add)
			.then(Mono.fromSupplier(() -> outcome(results)))
			.onErrorResume(Exception.class, (ex) -> Mono.just(outcome(results)));
	}

	private static Outcome outcome(List<SenderResult<Integer>> results) {
		List<Integer> acknowledged = new ArrayList<>(results.size());
		Map<Integer, Exception> failed = new TreeMap<>();
		for (SenderResult<Integer> result : List.copyOf(results)) {
			if (result.exception() == null) {
				acknowledged.add(result.correlationMetadata());
			}
			else {
				failed.put(result.correlationMetadata(), result.exception());
			}
		}
		return new Outcome(acknowledged, failed);
	}

	private static ProducerRecord<String, byte[]> toProducerRecord(OutgoingRecord record) {
		RecordHeaders headers = new RecordHeaders();
		record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
	}

}
