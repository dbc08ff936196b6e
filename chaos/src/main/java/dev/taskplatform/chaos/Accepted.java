package dev.taskplatform.chaos;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A task answered 201.
 */
final class Accepted {

	private final String id;

	private final String key;

	private final @Nullable Instant dueAt;

	private final Instant createdAnswer;

	private volatile @Nullable Instant completedAnswer;

	Accepted(String id, String key, @Nullable Instant dueAt, Instant createdAnswer) {
		this.id = id;
		this.key = key;
		this.dueAt = dueAt;
		this.createdAnswer = createdAnswer;
	}

	String id() {
		return this.id;
	}

	String key() {
		return this.key;
	}

	@Nullable Instant dueAt() {
		return this.dueAt;
	}

	Instant createdAnswer() {
		return this.createdAnswer;
	}

	/** When the completion was answered 200, if it was. */
	@Nullable Instant completedAnswer() {
		return this.completedAnswer;
	}

	void completedAnswer(Instant at) {
		if (this.completedAnswer == null) {
			this.completedAnswer = at;
		}
	}

}
