/**
 * Kafka publishing behind a small seam: the shared producer, the startup reachability
 * check, topic creation.
 */
@NullMarked
package dev.taskplatform.taskapi.publishing;

import org.jspecify.annotations.NullMarked;
