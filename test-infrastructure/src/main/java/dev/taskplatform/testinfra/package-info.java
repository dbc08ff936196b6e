/**
 * A real Kafka broker and a real PostgreSQL for integration tests and the local fleet.
 * Each is chosen in this order: explicit connection settings from the environment, then
 * Testcontainers when a Docker engine answers, then embedded (an in-process KRaft broker
 * and an embedded PostgreSQL server), which needs nothing but a JDK.
 */
@NullMarked
package dev.taskplatform.testinfra;

import org.jspecify.annotations.NullMarked;
