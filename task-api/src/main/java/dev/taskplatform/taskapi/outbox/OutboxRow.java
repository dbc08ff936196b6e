package dev.taskplatform.taskapi.outbox;

import java.time.Instant;
import java.util.Map;

/**
 * An outbox row as the relay reads it.
 *
 * @param position its place in the outbox's order
 * @param topic the topic
 * @param key the record key
 * @param headers the record headers
 * @param payload the record value
 * @param createdAt when its transaction began
 */
record OutboxRow(OutboxPosition position, String topic, String key, Map<String, String> headers, byte[] payload,
		Instant createdAt) {

}
