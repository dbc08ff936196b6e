package dev.taskplatform.taskapi.outbox;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Wakes the relay right after a transaction that wrote outbox rows has committed, so an
 * event reaches Kafka within milliseconds instead of at the next poll.
 */
@Component
public class OutboxSignal {

	private final Sinks.Many<Boolean> commits = Sinks.many().multicast().directBestEffort();

	/** Called after a commit that wrote outbox rows. */
	public void wake() {
		// a failed emission means a wake-up is being delivered right now: nothing is lost
		this.commits.tryEmitNext(Boolean.TRUE);
	}

	Flux<Boolean> commits() {
		return this.commits.asFlux();
	}

}
