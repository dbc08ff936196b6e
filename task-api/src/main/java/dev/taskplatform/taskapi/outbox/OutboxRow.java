package dev.taskplatform.taskapi.outbox;

import java.util.Map;

/**
 * An unpublished outbox row as the relay claims it.
 *
 * @param id its position in the outbox
 * @param topic the topic
 * @param key the record key
 * @param headers the record headers
 * @param payload the record value
 */
record OutboxRow(long id, String topic, String key, Map<String, String> headers, byte[] payload) {

}
