package dev.taskplatform.taskapi;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Concurrent clients creating tasks, one request at a time each, over one or more
 * replicas in turn, until stopped; every fourth task is completed at once, through the
 * next replica. It counts what was answered: the tasks created (201) and completed (200)
 * are what must reach Kafka, whatever failed meanwhile.
 */
final class SteadyLoad {

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final Set<String> completed = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean loading = new AtomicBoolean(true);

	private final Mono<Void> done;

	private SteadyLoad(List<TaskApiClient> replicas, int clients) {
		this.done = Flux.range(0, clients)
			.flatMap((client) -> Flux.range(0, Integer.MAX_VALUE)
				.takeWhile((request) -> this.loading.get())
				.concatMap((request) -> {
					TaskApiClient replica = replicas.get(request % replicas.size());
					TaskApiClient next = replicas.get((request + 1) % replicas.size());
					return replica.create("Task " + client + "/" + request).flatMap((id) -> {
						this.accepted.add(id);
						return (request % 4 == 1) ? next.complete(id).doOnNext(this.completed::add) : Mono.empty();
					})
						// a refused connection, a request cut off, a 503
						.onErrorResume((ex) -> Mono.empty());
				}, 1))
			.then()
			.cache();
		this.done.subscribe();
	}

	static SteadyLoad start(List<TaskApiClient> replicas, int clients) {
		return new SteadyLoad(replicas, clients);
	}

	/** Stops sending and waits for the requests in flight. */
	void stop() {
		this.loading.set(false);
		this.done.block(Duration.ofSeconds(60));
	}

	Set<String> accepted() {
		return this.accepted;
	}

	Set<String> completed() {
		return this.completed;
	}

}
