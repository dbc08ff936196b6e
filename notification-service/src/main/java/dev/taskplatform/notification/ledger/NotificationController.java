package dev.taskplatform.notification.ledger;

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
 * Read access to the notification ledger, for operators and support: who was told what,
 * how, and whether it arrived.
 */
@RestController
@RequestMapping(path = "/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
class NotificationController {

	private final NotificationRepository repository;

	NotificationController(NotificationRepository repository) {
		this.repository = repository;
	}

	@GetMapping
	List<Notification> list(@RequestParam(required = false) @Nullable UUID taskId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.repository.list(taskId, limit);
	}

}
