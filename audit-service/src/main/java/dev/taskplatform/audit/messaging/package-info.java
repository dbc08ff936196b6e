/**
 * How the service consumes Kafka: retries, dead-letter topics, listener health, event
 * metrics.
 */
@NullMarked
package dev.taskplatform.audit.messaging;

import org.jspecify.annotations.NullMarked;
