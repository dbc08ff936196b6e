/**
 * Delivery: a batch listener on {@code task.created} and {@code task.reminder.due}, the
 * {@link dev.taskplatform.notification.delivery.Notifier} that records each batch of
 * events in the ledger and delivers them one by one, each attempt made and settled by
 * {@link dev.taskplatform.notification.delivery.DeliveryAttempts}, the webhook and log
 * channels, the retry policy and the receiver's circuit breaker.
 */
@NullMarked
package dev.taskplatform.notification.delivery;

import org.jspecify.annotations.NullMarked;
