/**
 * The local fleet: embedded Kafka and PostgreSQL (or an existing PostgreSQL), then the
 * four services started from their own executable jars as separate processes, configured
 * only through their standard settings (environment variables), exactly as docker-compose
 * and Helm configure them. Nothing in the services knows it runs locally.
 */
@NullMarked
package dev.taskplatform.fleet;

import org.jspecify.annotations.NullMarked;
