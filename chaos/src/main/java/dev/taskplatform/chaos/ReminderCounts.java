package dev.taskplatform.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.taskplatform.events.Topics;
import dev.taskplatform.testinfra.PostgresDatabase;
import org.jspecify.annotations.Nullable;

/**
 * reminder-service's part of the {@link Tally}, from its database and the
 * task.reminder.due events: a reminder row for every accepted task; every open task due
 * within the lead reminded, none completed before it was due reminded anyway, none marked
 * SENT without its event; and the reminders by status.
 */
final class ReminderCounts {

	private ReminderCounts() {
	}

	static void count(Tally tally, Map<String, Accepted> accepted, Map<String, List<Published>> published,
			PostgresDatabase database, Duration lead) throws SQLException {
		Map<String, Set<String>> reminderIds = Published.eventIdsByTask(published.get(Topics.TASK_REMINDER_DUE));
		Map<String, ReminderRow> reminders = reminders(database);
		tally.check("accepted tasks without a reminder row",
				accepted.keySet().stream().filter(Predicate.not(reminders::containsKey)).toList());
		List<String> missedReminders = new ArrayList<>();
		List<String> remindedAfterCompletion = new ArrayList<>();
		List<String> sentWithoutEvent = new ArrayList<>();
		long publishedNotSent = 0;
		for (Accepted task : accepted.values()) {
			ReminderRow reminder = reminders.get(task.id());
			if (reminder == null) {
				continue;
			}
			Instant completed = task.completedAnswer();
			if ("SENT".equals(reminder.status()) && !reminderIds.containsKey(task.id())) {
				sentWithoutEvent.add(task.id());
			}
			// reminded: published, whatever the row says (a firing killed between the
			// acknowledgement and its commit, then cancelled, still reached the user)
			boolean reminded = "SENT".equals(reminder.status()) || reminderIds.containsKey(task.id());
			if (reminded && completed != null && reminder.remindAt() != null
					&& completed.isBefore(reminder.remindAt())) {
				remindedAfterCompletion.add(task.id() + " (completed " + completed + ", seen " + reminder.createdAt()
						+ ", sent " + reminder.sentAt() + ")");
			}
			if (!"SENT".equals(reminder.status()) && reminderIds.containsKey(task.id())) {
				publishedNotSent++;
			}
			boolean dueWithinTheLead = task.dueAt() != null && task.dueAt().isBefore(task.createdAnswer().plus(lead));
			boolean dueBeforeSeen = task.dueAt() != null && !task.dueAt().isAfter(reminder.createdAt());
			if (dueWithinTheLead && completed == null && !dueBeforeSeen && !"SENT".equals(reminder.status())) {
				missedReminders.add(task.id() + " (" + reminder.status() + ")");
			}
		}
		tally.check("open tasks due within the lead whose reminder was not sent", missedReminders);
		tally.check("tasks completed before their reminder was due, reminded anyway", remindedAfterCompletion);
		tally.check("reminders marked SENT without their task.reminder.due", sentWithoutEvent);
		tally.fact("task.reminder.due published for a reminder not marked SENT (killed before its commit)",
				publishedNotSent);
		Map<String, Long> byStatus = reminders.values()
			.stream()
			.collect(Collectors.groupingBy((ReminderRow row) -> "reminders " + row.status(), LinkedHashMap::new,
					Collectors.counting()));
		byStatus.forEach(tally::fact);
	}

	private static Map<String, ReminderRow> reminders(PostgresDatabase database) throws SQLException {
		Map<String, ReminderRow> rows = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT task_id, status, remind_at, created_at, sent_at FROM reminders")) {
			while (result.next()) {
				rows.put(result.getString("task_id"),
						new ReminderRow(result.getString("status"), instant(result, "remind_at"),
								Objects.requireNonNull(instant(result, "created_at")), instant(result, "sent_at")));
			}
		}
		return rows;
	}

	private static @Nullable Instant instant(ResultSet result, String column) throws SQLException {
		java.sql.Timestamp timestamp = result.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private record ReminderRow(String status, @Nullable Instant remindAt, Instant createdAt, @Nullable Instant sentAt) {
	}

}
