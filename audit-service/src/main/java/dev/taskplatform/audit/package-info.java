/**
 * audit-service: appends every task event to an append-only, hash-chained audit log and
 * lets operators read and verify it. Feature packages: {@code audit} (the log, its chain,
 * its HTTP API), {@code messaging} (Kafka consumption: errors, dead letters, health,
 * metrics).
 */
@NullMarked
package dev.taskplatform.audit;

import org.jspecify.annotations.NullMarked;
