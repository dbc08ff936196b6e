/**
 * The audit log: batch consumption of every task event, the hash chain, the read and
 * verify API.
 */
@NullMarked
package dev.taskplatform.audit.audit;

import org.jspecify.annotations.NullMarked;
