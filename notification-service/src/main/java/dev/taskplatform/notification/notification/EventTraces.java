package dev.taskplatform.notification.notification;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A batch has no single trace, and spring-kafka observes record listeners only: each
 * delivery gets a span in the trace its record names, so that its log lines and HTTP call
 * join that trace.
 */
@Component
class EventTraces {

	private final Tracer tracer;

	private final Propagator propagator;

	EventTraces(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Runs work in a span of the given trace.
	 * @param <T> what the work returns
	 * @param traceparent the record's {@code traceparent} header; {@code null} runs the
	 * work as it is
	 * @param work the work
	 * @return what the work returned
	 */
	@SuppressWarnings("try") // the scope only makes the span current for the work
	<T> T inTraceOf(@Nullable String traceparent, Supplier<T> work) {
		if (traceparent == null) {
			return work.get();
		}
		Span span = this.propagator.extract(Map.of("traceparent", traceparent), Map::get)
			.name("notification delivery")
			.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return work.get();
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
