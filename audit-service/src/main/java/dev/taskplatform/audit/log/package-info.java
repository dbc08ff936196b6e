/**
 * The audit log: batch consumption of every task event, the hash chain, the read and
 * verify API.
 */
@NullMarked
package dev.taskplatform.audit.log;

import org.jspecify.annotations.NullMarked;
