package dev.taskplatform.consumer.deadletters;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.taskplatform.events.Topics;

/**
 * The dead-letter topics of one service: one per consumed topic and the service's
 * consumer group. Only these can be listed or redriven, and a record of one goes back
 * only to the topic its name says it came from.
 */
public final class DeadLetterTopics {

	private final Map<String, String> originals = new LinkedHashMap<>();

	/**
	 * @param consumed the topics the service consumes
	 * @param group its consumer group
	 */
	public DeadLetterTopics(Collection<String> consumed, String group) {
		consumed.forEach((topic) -> this.originals.put(Topics.deadLetter(topic, group), topic));
	}

	/** The dead-letter topics, in the order of the consumed topics. */
	public List<String> names() {
		return List.copyOf(this.originals.keySet());
	}

	/**
	 * The topic whose failed records a dead-letter topic holds.
	 * @param deadLetterTopic a topic name
	 * @return the consumed topic, or empty if the name is not one of this service's
	 * dead-letter topics
	 */
	public Optional<String> originalOf(String deadLetterTopic) {
		return Optional.ofNullable(this.originals.get(deadLetterTopic));
	}

}
