package dev.taskplatform.taskapi.publishing;

import java.util.Map;

/**
 * A Kafka record ready to send: what an outbox row holds.
 *
 * @param topic the topic
 * @param key the record key (the task id, so one task's events stay in order)
 * @param headers header names and their text values
 * @param value the record value
 */
public record OutgoingRecord(String topic, String key, Map<String, String> headers, byte[] value) {

}
