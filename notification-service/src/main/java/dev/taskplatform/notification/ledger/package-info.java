/**
 * The notification ledger: one row per event (its id de-duplicates redeliveries), its
 * delivery state, its retention and the read API. Delivery writes it through
 * {@link dev.taskplatform.notification.ledger.NotificationRepository}; nothing here
 * depends on delivery.
 */
@NullMarked
package dev.taskplatform.notification.ledger;

import org.jspecify.annotations.NullMarked;
