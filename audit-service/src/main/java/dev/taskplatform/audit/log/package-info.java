/**
 * The audit log: batch consumption of every task event, the hash chain and the RFC 8785
 * canonical JSON its hashes cover, the read and verify API.
 */
@NullMarked
package dev.taskplatform.audit.log;

import org.jspecify.annotations.NullMarked;
