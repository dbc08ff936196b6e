package dev.taskplatform.taskapi.outbox;

/**
 * An event as an outbox row holds it: the whole Kafka record, so that the relay needs to
 * know nothing about events. A writer inserts these four columns into
 * {@link OutboxWriter#TABLE} in the statement or transaction of its change.
 *
 * @param topic the topic
 * @param key the record key (the task id)
 * @param headers the headers as a JSON object of names and text values
 * @param payload the record value
 */
public record OutboxRecord(String topic, String key, String headers, byte[] payload) {

}
