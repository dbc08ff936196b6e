package dev.taskplatform.taskapi.publishing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
	public Mono<Void> publish(List<OutgoingRecord> records) {
		if (records.isEmpty()) {
			return Mono.empty();
		}
		Flux<SenderRecord<String, byte[], Integer>> outgoing = Flux.range(0, records.size())
			.map((index) -> SenderRecord.create(toProducerRecord(records.get(index)), index));
		// The sender does not stop on the first error: every record of the batch gets its
		// acknowledgement or its failure, so nothing is left in flight when we report.
		return this.sender.send(outgoing)
			.filter((result) -> result.exception() != null)
			.map(SenderResult::exception)
			.collectList()
			.flatMap((failures) -> failures.isEmpty() ? Mono.<Void>empty()
					: Mono.error(new PublishingFailedException(failures.size(), records.size(), failures.get(0))));
	}

	private static ProducerRecord<String, byte[]> toProducerRecord(OutgoingRecord record) {
		RecordHeaders headers = new RecordHeaders();
		record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
	}

	/**
	 * Some records of a batch were not acknowledged.
	 */
	static class PublishingFailedException extends RuntimeException {

		PublishingFailedException(int failed, int total, Exception first) {
			super(failed + " of " + total + " records were not acknowledged: " + first.getMessage(), first);
		}

	}

}
