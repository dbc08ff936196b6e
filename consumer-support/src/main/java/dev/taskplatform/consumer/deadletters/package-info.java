/**
 * Dead letters an operator can see and send again: the actuator endpoint
 * {@code deadletters} lists this service's dead-letter topics and their records (with why
 * each failed), shows one, and redrives chosen records to the topic they came from
 * ({@link DeadLettersEndpoint}). Dead-lettered records carry the time they were
 * dead-lettered as their timestamp ({@link DeadLetterPublisher}).
 */
@NullMarked
package dev.taskplatform.consumer.deadletters;

import org.jspecify.annotations.NullMarked;
