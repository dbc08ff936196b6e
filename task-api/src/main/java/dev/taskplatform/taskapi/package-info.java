/**
 * task-api: accepts tasks over HTTP and publishes their events to Kafka through a
 * transactional outbox. Feature packages: {@code task} (the HTTP API and the tasks),
 * {@code outbox} (the outbox and its relay), {@code publishing} (Kafka: the producer, the
 * startup check, the topics), {@code web} (problem details, request limits).
 */
@NullMarked
package dev.taskplatform.taskapi;

import org.jspecify.annotations.NullMarked;
