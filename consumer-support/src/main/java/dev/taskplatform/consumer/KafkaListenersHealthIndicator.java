package dev.taskplatform.consumer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A consumer that stopped or crashed makes the service unhealthy instead of silently
 * idle: down unless every listener container runs.
 */
class KafkaListenersHealthIndicator implements HealthIndicator {

	private final KafkaListenerEndpointRegistry registry;

	KafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Collection<MessageListenerContainer> containers = this.registry.getListenerContainers();
		Map<String, Object> details = new LinkedHashMap<>();
		boolean allRunning = !containers.isEmpty();
		for (MessageListenerContainer container : containers) {
			boolean running = isRunning(container);
			allRunning &= running;
			details.put(container.getListenerId(), Map.of("running", running, "paused", container.isContainerPaused(),
					"assignedPartitions", assigned(container)));
		}
		return (allRunning ? Health.up() : Health.down()).withDetails(details).build();
	}

	/**
	 * A concurrent container keeps saying it runs when one of its consumer threads has
	 * died: every child must run too.
	 */
	static boolean isRunning(MessageListenerContainer container) {
		if (!container.isRunning() || !container.isInExpectedState()) {
			return false;
		}
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			return concurrent.getContainers()
				.stream()
				.allMatch((child) -> child.isRunning() && child.isInExpectedState());
		}
		return true;
	}

	private static int assigned(MessageListenerContainer container) {
		Collection<?> partitions = container.getAssignedPartitions();
		return (partitions != null) ? partitions.size() : 0;
	}

}
