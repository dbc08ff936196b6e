/**
 * The Kafka admin code the publishing and the consuming services share: the startup check
 * that the cluster answers, the creation of missing topics with their replication and
 * {@code min.insync.replicas}, and the checks of existing topics. Plain Java, no Spring;
 * the event contracts stay in events-schema.
 */
@NullMarked
package dev.taskplatform.topics;

import org.jspecify.annotations.NullMarked;
