/**
 * A real Kafka broker and a real PostgreSQL for integration tests and the local fleet.
 * Each is chosen in this order: explicit connection settings from the environment, then
 * Testcontainers when a Docker engine answers, then embedded (an in-process KRaft broker
 * and an embedded PostgreSQL server), which needs nothing but a JDK.
 * <p>
 * A consumer service's integration test needs one annotation,
 * {@link dev.taskplatform.testinfra.ConsumerServiceTest} (the service on random ports
 * with a database of its own, an event producer and clients to inject), and what every
 * consumer must do is one contract,
 * {@link dev.taskplatform.testinfra.ConsumerServiceContract}, which a test class of each
 * service implements.
 */
@NullMarked
package dev.taskplatform.testinfra;

import org.jspecify.annotations.NullMarked;
