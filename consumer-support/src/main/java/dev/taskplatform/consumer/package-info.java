/**
 * What every consumer service needs around its listeners, as a Spring Boot
 * auto-configuration: bounded retries then a dead-letter topic per topic and group, with
 * a partition paused for a record that must wait ({@link RetryLater}), and an actuator
 * endpoint to see and redrive dead letters ({@code deadletters}); one way for a batch
 * listener to say where a poll failed ({@link Batches}); the one list of consumed topics
 * the listeners subscribe to ({@link ConsumedTopics}); creation of the topics at startup
 * (and refusal to start without Kafka); the purge of de-duplication rows past their
 * retention ({@link RetentionPurge}); listener containers in liveness and readiness; and
 * event metrics. A library, so that the services share it instead of copying it.
 */
@NullMarked
package dev.taskplatform.consumer;

import org.jspecify.annotations.NullMarked;
