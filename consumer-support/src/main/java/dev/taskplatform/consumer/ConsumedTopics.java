package dev.taskplatform.consumer;

import java.util.List;

/**
 * The topics a consumer service consumes, as one list: {@code consumer.topics.consumed}.
 * Its {@code @KafkaListener} subscribes to them ({@code topics = LISTENER_TOPICS}), and
 * at startup they are created with their dead-letter topics, their metrics expected and
 * their dead letters served, all from the same list.
 *
 * @param names the topics, as configured
 */
public record ConsumedTopics(List<String> names) {

	/** The name of the bean that holds them. */
	public static final String BEAN = "consumedTopics";

	/** For {@code @KafkaListener(topics = ...)}: the topics of this bean. */
	public static final String LISTENER_TOPICS = "#{@" + BEAN + ".names()}";

	public ConsumedTopics {
		if (names.isEmpty()) {
			throw new IllegalArgumentException("consumer.topics.consumed names no topic: set the topics the service "
					+ "consumes (e.g. consumer.topics.consumed: task.created, task.completed)");
		}
		names = List.copyOf(names);
	}

}
