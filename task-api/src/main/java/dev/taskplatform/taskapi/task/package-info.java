/**
 * Tasks: the HTTP API, validation, idempotent creation (written by group commit),
 * completion and listing.
 */
@NullMarked
package dev.taskplatform.taskapi.task;

import org.jspecify.annotations.NullMarked;
