/**
 * What every consumer service needs around its listeners, as a Spring Boot
 * auto-configuration: bounded retries then a dead-letter topic per topic and group,
 * creation of the topics at startup (and refusal to start without Kafka), listener
 * containers in liveness and readiness, and event metrics. A library, so that the
 * services share it instead of copying it.
 */
@NullMarked
package dev.taskplatform.consumer;

import org.jspecify.annotations.NullMarked;
