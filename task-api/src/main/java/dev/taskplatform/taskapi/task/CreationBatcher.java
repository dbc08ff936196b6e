package dev.taskplatform.taskapi.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import dev.taskplatform.taskapi.task.TaskRepository.Inserted;
import dev.taskplatform.taskapi.task.TaskRepository.NewTask;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Group commit of task creations: concurrent creations are written by one statement per
 * batch. There is no timer: a batch leaves as soon as one of the {@code writers} is free
 * and carries whatever arrived while the others were busy (at most {@code maxBatch}), so
 * a creation at low load is written alone and at once, and under load the statements and
 * commits per creation fall as the load rises.
 * <p>
 * Each creation gets its own answer. A task whose Idempotency-Key was taken is reported
 * as not inserted; if a batch fails on a constraint (or a deadlock with the other
 * writer's batch), its creations are written again one by one, so that a failure is only
 * the one creation's. Any other failure (the database is unreachable, no connection
 * within the pool's wait) is every creation's of the batch.
 */
final class CreationBatcher {

	private final Function<List<NewTask>, Mono<Inserted>> insert;

	private final int writers;

	private final int maxBatch;

	private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

	/** Batches being written; guarded by {@code this}. */
	private int busy;

	CreationBatcher(Function<List<NewTask>, Mono<Inserted>> insert, int writers, int maxBatch) {
		this.insert = insert;
		this.writers = writers;
		this.maxBatch = maxBatch;
	}

	/**
	 * Writes a task and its outbox row.
	 * @param task the task
	 * @return the transaction's xid when the task was inserted and committed, or
	 * {@code -1} when its Idempotency-Key was taken
	 */
	Mono<Long> write(NewTask task) {
		return Mono.create((sink) -> {
			this.queue.add(new Pending(task, sink));
			drain();
		});
	}

	private void drain() {
		while (true) {
			List<Pending> batch;
			synchronized (this) {
				if (this.busy >= this.writers || this.queue.isEmpty()) {
					return;
				}
				this.busy++;
				batch = new ArrayList<>(Math.min(this.queue.size(), this.maxBatch));
				Pending next;
				while (batch.size() < this.maxBatch && (next = this.queue.poll()) != null) {
					batch.add(next);
				}
			}
			write(batch).doFinally((signal) -> {
				synchronized (this) {
					this.busy--;
				}
				drain();
			}).subscribe();
		}
	}

	private Mono<Void> write(List<Pending> batch) {
		return Mono.defer(() -> this.insert.apply(batch.stream().map(Pending::task).toList()))
			.doOnNext((inserted) -> answer(batch, inserted))
			// a constraint, or a deadlock with a concurrent batch: each alone
			.onErrorResume(
					(ex) -> ex instanceof DataIntegrityViolationException || ex instanceof ConcurrencyFailureException,
					(ex) -> (batch.size() > 1) ? oneByOne(batch) : fail(batch, ex))
			.onErrorResume((ex) -> fail(batch, ex))
			.then();
	}

	private Mono<Inserted> oneByOne(List<Pending> batch) {
		return Flux.fromIterable(batch)
			.concatMap((pending) -> Mono.defer(() -> this.insert.apply(List.of(pending.task())))
				.doOnNext((inserted) -> answer(List.of(pending), inserted))
				.onErrorResume((ex) -> fail(List.of(pending), ex)))
			.then(Mono.empty());
	}

	private static void answer(List<Pending> batch, Inserted inserted) {
		for (Pending pending : batch) {
			pending.sink().success(inserted.ids().contains(pending.task().task().id()) ? inserted.xid() : -1L);
		}
	}

	private static <T> Mono<T> fail(List<Pending> batch, Throwable error) {
		for (Pending pending : batch) {
			pending.sink().error(error);
		}
		return Mono.empty();
	}

	private record Pending(NewTask task, MonoSink<Long> sink) {

	}

}
