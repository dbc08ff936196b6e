/**
 * notification-service: tells assignees that a task was assigned to them or that its
 * reminder is due, through a signed webhook (or the log when none is configured), once
 * per event. Feature packages: {@code notification} (consumption, delivery, the read
 * API). Retries, dead letters, listener health and event metrics come from
 * consumer-support.
 */
@NullMarked
package dev.taskplatform.notification;

import org.jspecify.annotations.NullMarked;
