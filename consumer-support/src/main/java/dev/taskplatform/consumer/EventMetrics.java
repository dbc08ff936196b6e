package dev.taskplatform.consumer;

import java.time.Duration;
import java.util.Collection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Events processed and failed, and the end-to-end latency from an event's {@code ce_time}
 * to the commit of its effect here, per event type.
 */
public class EventMetrics {

	private final MeterRegistry meters;

	EventMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	public void processed(String type, Duration endToEnd) {
		Counter.builder("events.processed")
			.description("Events whose effect was committed")
			.tag("type", type)
			.register(this.meters)
			.increment();
		Timer.builder("events.end.to.end")
			.description("From the event's ce_time to the commit of its effect")
			.tag("type", type)
			.publishPercentileHistogram()
			// buckets up to an hour: latencies under consumer lag stay visible
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofHours(1))
			.register(this.meters)
			.record(endToEnd);
	}

	public void duplicate(String type) {
		Counter.builder("events.duplicates")
			.description("Redelivered events that changed nothing")
			.tag("type", type)
			.register(this.meters)
			.increment();
	}

	/**
	 * Registers the dead-letter counters of the given topics at zero, so that dashboards
	 * show "none" rather than "no data" before the first failure.
	 * @param topics the consumed topics
	 */
	void expect(Collection<String> topics) {
		topics.forEach((topic) -> failedCounter(topic));
	}

	public void failed(String topic) {
		failedCounter(topic).increment();
	}

	private Counter failedCounter(String topic) {
		return Counter.builder("events.failed")
			.description("Records sent to a dead-letter topic")
			.tag("topic", topic)
			.register(this.meters);
	}

}
