/**
 * notification-service: tells assignees that a task was assigned to them or that its
 * reminder is due, through a signed webhook (or the log when none is configured), once
 * per event. Feature packages: {@code delivery} (consumption, the channels, retries and
 * the receiver's breaker) and {@code ledger} (the notifications recorded, one per event,
 * their retention and the read API; it knows nothing of delivery). Retries, dead letters,
 * listener health and event metrics come from consumer-support.
 */
@NullMarked
package dev.taskplatform.notification;

import org.jspecify.annotations.NullMarked;
