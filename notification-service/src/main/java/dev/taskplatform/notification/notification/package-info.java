/**
 * Notifications: record listener on {@code task.created} and {@code task.reminder.due},
 * the idempotent notification ledger, the webhook and log channels, the read API.
 */
@NullMarked
package dev.taskplatform.notification.notification;

import org.jspecify.annotations.NullMarked;
