/**
 * The transactional outbox: rows written with each task change, relayed to Kafka in
 * per-task order.
 */
@NullMarked
package dev.taskplatform.taskapi.outbox;

import org.jspecify.annotations.NullMarked;
