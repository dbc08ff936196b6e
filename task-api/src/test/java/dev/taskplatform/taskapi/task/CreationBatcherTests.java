package dev.taskplatform.taskapi.task;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.taskplatform.taskapi.outbox.OutboxRecord;
import dev.taskplatform.taskapi.task.TaskRepository.Inserted;
import dev.taskplatform.taskapi.task.TaskRepository.NewTask;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit's batching, against an insert the test controls.
 */
class CreationBatcherTests {

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	@Test
	void aCreationAtLowLoadIsWrittenAloneAndAtOnce() {
		CreationBatcher batcher = new CreationBatcher(insertingAll(), 2, 128);

		StepVerifier.create(batcher.write(newTask())).expectNext(7L).verifyComplete();

		assertThat(this.calls).singleElement().satisfies((call) -> assertThat(call.batch()).hasSize(1));
	}

	@Test
	void whatArrivesWhileEveryWriterIsBusyLeavesInOneBatchWhenOneIsFree() {
		CreationBatcher batcher = new CreationBatcher(heldUntilReleased(), 1, 128);
		Mono<Long> first = batcher.write(newTask()).cache();
		first.subscribe();
		List<Mono<Long>> waiting = java.util.stream.IntStream.range(0, 5)
			.mapToObj((i) -> batcher.write(newTask()).cache())
			.toList();
		waiting.forEach(Mono::subscribe);
		assertThat(this.calls).hasSize(1);

		this.calls.get(0).release();

		StepVerifier.create(first).expectNext(7L).verifyComplete();
		assertThat(this.calls).hasSize(2);
		assertThat(this.calls.get(1).batch()).hasSize(5);
		this.calls.get(1).release();
		waiting.forEach((creation) -> StepVerifier.create(creation).expectNext(7L).verifyComplete());
	}

	@Test
	void aBatchCarriesAtMostMaxBatch() {
		CreationBatcher batcher = new CreationBatcher(heldUntilReleased(), 1, 3);
		batcher.write(newTask()).subscribe();
		for (int i = 0; i < 7; i++) {
			batcher.write(newTask()).subscribe();
		}

		this.calls.get(0).release();
		this.calls.get(1).release();
		this.calls.get(2).release();

		assertThat(this.calls).extracting((call) -> call.batch().size()).containsExactly(1, 3, 3, 1);
	}

	@Test
	void aTaskWhoseKeyWasTakenIsReportedNotInsertedAndTheOthersAre() {
		NewTask taken = newTask();
		CreationBatcher batcher = new CreationBatcher(heldUntilReleased(Set.of(taken.task().id())), 1, 128);
		batcher.write(newTask()).subscribe();
		Mono<Long> fine = batcher.write(newTask()).cache();
		Mono<Long> refused = batcher.write(taken).cache();
		fine.subscribe();
		refused.subscribe();

		this.calls.get(0).release();
		this.calls.get(1).release();

		StepVerifier.create(fine).expectNext(7L).verifyComplete();
		StepVerifier.create(refused).expectNext(-1L).verifyComplete();
	}

	@Test
	void aConstraintFailureIsOnlyTheFailingCreationsOwn() {
		NewTask bad = newTask();
		Sinks.Empty<Void> firstHeld = Sinks.empty();
		CreationBatcher batcher = new CreationBatcher((batch) -> {
			this.calls.add(new Call(batch, Sinks.empty()));
			if (this.calls.size() == 1) {
				return firstHeld.asMono().then(Mono.just(new Inserted(ids(batch), 7L)));
			}
			return batch.contains(bad) ? Mono.error(new DataIntegrityViolationException("check constraint"))
					: Mono.just(new Inserted(ids(batch), 7L));
		}, 1, 128);
		// the first creation holds the only writer: the next three leave in one batch
		batcher.write(newTask()).subscribe();
		Mono<Long> before = batcher.write(newTask()).cache();
		Mono<Long> failing = batcher.write(bad).cache();
		Mono<Long> after = batcher.write(newTask()).cache();
		List.of(before, failing, after).forEach(Mono::subscribe);

		firstHeld.tryEmitEmpty();

		StepVerifier.create(before).expectNext(7L).verifyComplete();
		StepVerifier.create(failing).expectError(DataIntegrityViolationException.class).verify();
		StepVerifier.create(after).expectNext(7L).verifyComplete();
		// the batch of three failed, then each was written alone
		assertThat(this.calls).extracting((call) -> call.batch().size()).containsExactly(1, 3, 1, 1, 1);
	}

	@Test
	void anyOtherFailureIsEveryCreationsOfTheBatch() {
		CreationBatcher batcher = new CreationBatcher(heldUntilFailed(), 1, 128);
		batcher.write(newTask()).subscribe();
		Mono<Long> one = batcher.write(newTask()).cache();
		Mono<Long> two = batcher.write(newTask()).cache();
		one.subscribe();
		two.subscribe();

		this.calls.get(0).release();
		this.calls.get(1).release();

		StepVerifier.create(one).expectError(DataAccessResourceFailureException.class).verify();
		StepVerifier.create(two).expectError(DataAccessResourceFailureException.class).verify();
	}

	private Function<List<NewTask>, Mono<Inserted>> insertingAll() {
		return (batch) -> {
			this.calls.add(new Call(batch, Sinks.empty()));
			return Mono.just(new Inserted(ids(batch), 7L));
		};
	}

	private Function<List<NewTask>, Mono<Inserted>> heldUntilReleased() {
		return heldUntilReleased(Set.of());
	}

	/** Each call waits for the test's release; the keys of {@code taken} were taken. */
	private Function<List<NewTask>, Mono<Inserted>> heldUntilReleased(Set<UUID> taken) {
		return (batch) -> {
			Call call = new Call(batch, Sinks.empty());
			this.calls.add(call);
			Set<UUID> inserted = ids(batch).stream().filter((id) -> !taken.contains(id)).collect(Collectors.toSet());
			return call.released().asMono().then(Mono.just(new Inserted(inserted, 7L)));
		};
	}

	private Function<List<NewTask>, Mono<Inserted>> heldUntilFailed() {
		return (batch) -> {
			Call call = new Call(batch, Sinks.empty());
			this.calls.add(call);
			return call.released()
				.asMono()
				.then(Mono.error(new DataAccessResourceFailureException("connection refused")));
		};
	}

	private static Set<UUID> ids(List<NewTask> batch) {
		return batch.stream().map((task) -> task.task().id()).collect(Collectors.toSet());
	}

	private static NewTask newTask() {
		Task task = new Task(UUID.randomUUID(), "Title", null, null, null, TaskStatus.OPEN, Instant.now(), null, null,
				null);
		return new NewTask(task, null, null, new OutboxRecord("task.created", task.id().toString(), "{}", new byte[0]));
	}

	private record Call(List<NewTask> batch, Sinks.Empty<Void> released) {

		void release() {
			this.released.tryEmitEmpty();
		}

	}

}
