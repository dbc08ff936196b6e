package dev.taskplatform.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.taskplatform.events.Topics;

/**
 * Kafka's part of the {@link Tally}, every record by {@code ce_id}: each accepted task
 * created once, each completion answered 200 published once and after its creation, each
 * task reminded at most once; and the records of each topic, redeliveries apart.
 */
final class KafkaCounts {

	private KafkaCounts() {
	}

	static void count(Tally tally, Map<String, Accepted> accepted, Map<String, List<Published>> published) {
		Map<String, Set<String>> createdIds = Published.eventIdsByTask(published.get(Topics.TASK_CREATED));
		Map<String, Set<String>> completedIds = Published.eventIdsByTask(published.get(Topics.TASK_COMPLETED));
		Map<String, Set<String>> reminderIds = Published.eventIdsByTask(published.get(Topics.TASK_REMINDER_DUE));
		tally.check("accepted tasks without their task.created on Kafka",
				accepted.keySet().stream().filter(Predicate.not(createdIds::containsKey)).toList());
		tally.check("completions answered 200 without their task.completed on Kafka",
				accepted.values()
					.stream()
					.filter((task) -> task.completedAnswer() != null && !completedIds.containsKey(task.id()))
					.map(Accepted::id)
					.toList());
		tally.check("tasks with two task.created events (two ce_ids: a second effect)", moreThanOne(createdIds));
		tally.check("tasks whose task.completed was published before their task.created",
				completedBeforeCreated(published));
		tally.check("tasks with two task.completed events", moreThanOne(completedIds));
		tally.check("tasks reminded twice (two task.reminder.due events)", moreThanOne(reminderIds));
		published.forEach((topic, records) -> {
			long redeliveries = records.size() - records.stream().map(Published::eventId).distinct().count();
			tally.fact("records on " + topic + " (redeliveries: " + redeliveries + ")", records.size());
		});
	}

	private static List<String> completedBeforeCreated(Map<String, List<Published>> published) {
		Map<String, Long> created = new HashMap<>();
		published.get(Topics.TASK_CREATED)
			.forEach((record) -> created.merge(record.key(), record.timestamp(), Math::min));
		Map<String, Long> completed = new HashMap<>();
		published.get(Topics.TASK_COMPLETED)
			.forEach((record) -> completed.merge(record.key(), record.timestamp(), Math::min));
		return completed.entrySet()
			.stream()
			.filter((entry) -> created.containsKey(entry.getKey()) && entry.getValue() < created.get(entry.getKey()))
			.map(Map.Entry::getKey)
			.toList();
	}

	private static List<String> moreThanOne(Map<String, Set<String>> idsByTask) {
		return idsByTask.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() > 1)
			.map(Map.Entry::getKey)
			.toList();
	}

}
