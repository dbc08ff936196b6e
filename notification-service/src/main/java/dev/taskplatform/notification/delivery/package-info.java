/**
 * Delivery: a batch listener on {@code task.created} and {@code task.reminder.due}, the
 * {@link dev.taskplatform.notification.delivery.Notifier} that records each event in the
 * ledger and delivers it, the webhook and log channels, the retry policy and the
 * receiver's circuit breaker.
 */
@NullMarked
package dev.taskplatform.notification.delivery;

import org.jspecify.annotations.NullMarked;
