package dev.taskplatform.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answers' part of the {@link Tally}, against the fault windows: no 500, no 4xx, no
 * failure outside every window or during the Kafka outage alone other than a 503 At
 * capacity (shed, nothing done); and the failed answers of each kind during each fault.
 */
final class AnswerCounts {

	private AnswerCounts() {
	}

	static void count(Tally tally, List<Answer> answers, List<Fault.Window> windows) {
		List<Answer> failed = answers.stream()
			.filter((answer) -> answer.status() == 0 || answer.status() >= 300)
			.toList();
		tally.fact("answers 503 At capacity (shed, nothing done) outside the fault windows", failed.stream()
			.filter((answer) -> answer.shed() && windows.stream().noneMatch((window) -> window.covers(answer.at())))
			.count());
		tally.check("answers 500 (a bug, not an outage)",
				failed.stream().filter((answer) -> answer.status() == 500).map(AnswerCounts::describe).toList());
		tally.check("answers 4xx (a valid request refused: a conflict, a task not found)",
				failed.stream()
					.filter((answer) -> answer.status() >= 400 && answer.status() < 500)
					.map(AnswerCounts::describe)
					.toList());
		// while Kafka is away task-api answers as usual
		// (a window of another fault may overlap it)
		tally.check("failed answers during the Kafka outage alone (other than 503 At capacity)",
				failed.stream()
					.filter((answer) -> !answer.shed()
							&& windows.stream()
								.filter((window) -> window.covers(answer.at()))
								.allMatch((window) -> window.name().equals(Fault.KAFKA_OUTAGE))
							&& windows.stream().anyMatch((window) -> window.covers(answer.at())))
					.map(AnswerCounts::describe)
					.toList());
		tally.check("failed answers outside every fault window (other than 503 At capacity)", failed.stream()
			.filter((answer) -> !answer.shed() && windows.stream().noneMatch((window) -> window.covers(answer.at())))
			.map(AnswerCounts::describe)
			.toList());
		for (Fault.Window window : windows) {
			Map<String, Long> byKind = failed.stream()
				.filter((answer) -> window.covers(answer.at()))
				.collect(Collectors.groupingBy(AnswerCounts::kind, LinkedHashMap::new, Collectors.counting()));
			byKind.forEach((kind, count) -> tally.fact("during " + window.name() + ": " + kind, count));
		}
	}

	private static String describe(Answer answer) {
		return answer.at() + " " + kind(answer);
	}

	private static String kind(Answer answer) {
		return (answer.status() == 0) ? "no answer (" + answer.error() + ")"
				: answer.request() + " " + answer.status() + ((answer.error() != null) ? " " + answer.error() : "");
	}

}
