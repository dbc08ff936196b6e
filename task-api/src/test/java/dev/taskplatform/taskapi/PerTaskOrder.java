package dev.taskplatform.taskapi;

import java.util.Collection;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.TopicRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's order is per task: a task's later event is published only after its earlier
 * one was acknowledged. (Events of different tasks may interleave; at-least-once allows a
 * repeat, so first occurrences count.)
 */
final class PerTaskOrder {

	private PerTaskOrder() {
	}

	static void assertEachTaskCompletedAfterItWasCreated(TopicRecorder topics, Collection<String> completed) {
		for (String id : completed) {
			long createdAt = topics.records(Topics.TASK_CREATED, id).get(0).timestamp();
			long completedAt = topics.records(Topics.TASK_COMPLETED, id).get(0).timestamp();
			assertThat(completedAt).as("publication of task.completed of %s", id).isGreaterThanOrEqualTo(createdAt);
		}
	}

}
