package dev.taskplatform.reminder.schedule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read access to the reminders for operators: one task's, or the newest.
 */
@RestController
@RequestMapping(path = "/reminders", produces = MediaType.APPLICATION_JSON_VALUE)
class ReminderController {

	private final ReminderRepository repository;

	ReminderController(ReminderRepository repository) {
		this.repository = repository;
	}

	@GetMapping
	List<Item> list(@RequestParam(required = false) @Nullable UUID taskId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.repository.list(taskId, limit).stream().map(Item::of).toList();
	}

	/**
	 * One reminder as the API shows it.
	 *
	 * @param id the reminder's id
	 * @param taskId the task
	 * @param dueAt when the task is due, if known
	 * @param remindAt when the reminder fires or fired, if it does
	 * @param status {@code SCHEDULED}, {@code SENT}, {@code CANCELLED} or {@code SKIPPED}
	 * @param sentAt when it was published
	 */
	record Item(UUID id, UUID taskId, @Nullable Instant dueAt, @Nullable Instant remindAt, Reminder.Status status,
			@Nullable Instant sentAt) {

		static Item of(Reminder reminder) {
			return new Item(reminder.id(), reminder.taskId(), reminder.dueAt(), reminder.remindAt(), reminder.status(),
					reminder.sentAt());
		}

	}

}
