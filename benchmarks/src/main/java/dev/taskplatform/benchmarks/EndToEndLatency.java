package dev.taskplatform.benchmarks;

/**
 * End-to-end latency of one consumer for the events of a phase, from the event's time
 * (the request) to the commit of its effect; quantiles are bucket upper bounds.
 *
 * @param events events it processed
 * @param p50 seconds
 * @param p99 seconds
 * @param p999 seconds
 */
record EndToEndLatency(double events, double p50, double p99, double p999) {
}
