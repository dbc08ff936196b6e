/**
 * audit-service: appends every task event to an append-only, hash-chained audit log and
 * lets operators read and verify it. Feature packages: {@code log} (the log, its chain,
 * its HTTP API). Retries, dead letters, listener health and event metrics come from
 * consumer-support.
 */
@NullMarked
package dev.taskplatform.audit;

import org.jspecify.annotations.NullMarked;
