package dev.taskplatform.consumer;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Runs work in a span of the trace a record names (its {@code traceparent} header), for
 * what spring-kafka does not observe: it observes record listeners only, and a batch has
 * no single trace. The work's log lines and outgoing calls then join the record's trace.
 */
public class RecordTraces {

	private final Tracer tracer;

	private final Propagator propagator;

	RecordTraces(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Runs work in a new span of the given trace.
	 * @param <T> what the work returns
	 * @param traceparent the record's {@code traceparent}; without it the work runs as it
	 * is
	 * @param name the span's name
	 * @param work the work
	 * @return what the work returned
	 */
	@SuppressWarnings("try") // the scope only makes the span current for the work
	public <T> T inTraceOf(@Nullable String traceparent, String name, Supplier<T> work) {
		if (traceparent == null) {
			return work.get();
		}
		Span span = this.propagator.extract(Map.of("traceparent", traceparent), Map::get).name(name).start();
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
