package dev.taskplatform.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition of the fleet, polling every 200 ms. */
final class Polling {

	private Polling() {
	}

	/**
	 * Polls every 200 ms (this is a driver, not a test: no Awaitility here).
	 * @param timeout how long to wait at most
	 * @param condition what to wait for
	 * @throws IllegalStateException when the condition is not met within the timeout
	 */
	static void awaitUntil(Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not reached within " + timeout);
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
	}

}
