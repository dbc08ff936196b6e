package dev.taskplatform.benchmarks;

import java.util.Map;

/**
 * One catch-up of the consumers on a queue of events.
 *
 * @param kind how the consumers were brought to the queue
 * @param events events queued
 * @param queueSeconds how long queueing them took
 * @param launched when the consumers were launched (or resumed), on the sampler's clock
 * @param consumers per consumer
 */
record CatchUpResult(Kind kind, int events, double queueSeconds, double launched, Map<String, Consumer> consumers) {

	/** Its name in the report: in a table's columns, in its targets, on the charts. */
	String label() {
		return switch (this.kind) {
			case COLD -> "catch-up (cold)";
			case WARM -> "catch-up (warm)";
			case SOLO -> "alone: " + String.join(", ", this.consumers.keySet());
		};
	}

	/** When the last of its consumers had caught up, on the sampler's clock. */
	double end() {
		return this.launched + this.consumers.values().stream().mapToDouble(Consumer::doneSeconds).max().orElse(0);
	}

	enum Kind {

		/** Started afresh (new JVMs) on the queue. */
		COLD,

		/** Running and caught up, suspended while the events were queued. */
		WARM,

		/** One consumer alone, warm. */
		SOLO

	}

	/**
	 * @param lag records it had to catch up on
	 * @param firstProgressSeconds from launch to its first commit
	 * @param doneSeconds from launch to lag 0
	 */
	record Consumer(long lag, double firstProgressSeconds, double doneSeconds) {

		double eventsPerSecond() {
			return this.lag / Math.max(0.001, this.doneSeconds - this.firstProgressSeconds);
		}

	}

}
