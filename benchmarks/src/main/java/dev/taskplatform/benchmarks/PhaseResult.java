package dev.taskplatform.benchmarks;

import java.util.Map;

/**
 * One measured load phase.
 *
 * @param load what Gatling measured
 * @param start seconds on the sampler's clock
 * @param end seconds on the sampler's clock
 * @param settleSeconds from the end of the load until the outbox was empty and every
 * consumer had committed everything
 * @param endToEnd per consumer
 */
record PhaseResult(LoadResult load, double start, double end, double settleSeconds,
		Map<String, EndToEndLatency> endToEnd) {
}
