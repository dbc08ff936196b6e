/**
 * The task events every service shares: immutable records, their topics, the CloudEvents
 * 1.0 Kafka envelope (binary content mode) and a Jackson 3 serde. Plain Java, no Spring.
 */
@NullMarked
package dev.taskplatform.events;

import org.jspecify.annotations.NullMarked;
