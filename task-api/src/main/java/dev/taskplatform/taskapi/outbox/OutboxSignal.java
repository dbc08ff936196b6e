package dev.taskplatform.taskapi.outbox;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Wakes the relay right after a statement or transaction that wrote outbox rows has
 * committed, so an event reaches Kafka within milliseconds instead of at the next poll.
 * It also remembers the newest committed transaction it was told of: if the relay does
 * not see that transaction's rows yet (an older transaction is still running), it looks
 * again shortly instead of waiting for the poll.
 */
@Component
class OutboxSignal {

	private final Sinks.Many<Boolean> commits = Sinks.many().multicast().directBestEffort();

	private final AtomicLong newestCommitted = new AtomicLong();

	/**
	 * Called after a commit that wrote outbox rows.
	 * @param xid the committed transaction (the {@code xid} of its rows)
	 */
	void committed(long xid) {
		this.newestCommitted.accumulateAndGet(xid, Math::max);
		// a failed emission means a wake-up is being delivered right now; if that one's
		// read has started already, the relay's poll finds these rows
		this.commits.tryEmitNext(Boolean.TRUE);
	}

	/** The newest transaction known to have committed rows, 0 if none. */
	long newestCommitted() {
		return this.newestCommitted.get();
	}

	Flux<Boolean> commits() {
		return this.commits.asFlux();
	}

}
