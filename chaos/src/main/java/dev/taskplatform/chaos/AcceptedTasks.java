package dev.taskplatform.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The {@link Load}'s bookkeeping of what task-api accepted: every task answered 201, by
 * id; the task each Idempotency-Key was answered with, and the keys answered with two;
 * and the creations that failed in doubt and whose retry found the task stored.
 */
final class AcceptedTasks {

	private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

	private final Map<String, String> taskOfKey = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> keysAnsweredTwoTasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger replayedAfterAFailure = new AtomicInteger();

	/**
	 * Keeps a creation answered 201.
	 * @param key its Idempotency-Key
	 * @param id the task it was answered with
	 * @param dueAt the task's due date, if any
	 * @param at when it was answered
	 * @param replayed whether it was a retry answered {@code Idempotent-Replayed}
	 * @return the task, or {@code null} when its key was answered before (its completion
	 * is in hand already)
	 */
	@Nullable Accepted accept(String key, String id, @Nullable Instant dueAt, Instant at, boolean replayed) {
		String earlier = this.taskOfKey.putIfAbsent(key, id);
		if (earlier != null && !earlier.equals(id)) {
			this.keysAnsweredTwoTasks.add(key);
		}
		if (replayed) {
			// an attempt that failed (in doubt) had stored the task: the retry found it
			this.replayedAfterAFailure.incrementAndGet();
		}
		Accepted accepted = this.accepted.computeIfAbsent(id, (taskId) -> new Accepted(taskId, key, dueAt, at));
		return (earlier == null) ? accepted : null;
	}

	Map<String, Accepted> accepted() {
		return Map.copyOf(this.accepted);
	}

	List<String> keysAnsweredTwoTasks() {
		return List.copyOf(this.keysAnsweredTwoTasks);
	}

	int replayedAfterAFailure() {
		return this.replayedAfterAFailure.get();
	}

}
