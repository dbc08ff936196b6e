package dev.taskplatform.taskapi.web;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Bounds the requests task-api works on at once. Past {@code task-api.http.max-in-flight}
 * a request is answered 503 with {@code Retry-After} at once, before its body is read.
 * Under an arrival rate above capacity the work in hand, the memory it holds and the
 * latency of the requests being served stay bounded; unbounded, the requests pile up
 * (each waiting its turn for a connection, each holding its body, observation and span)
 * until every client times out or the heap runs out. The wait for a database connection
 * is bounded apart ({@code spring.r2dbc.pool.max-acquire-time}).
 * <p>
 * The health probes ({@code /livez}, {@code /readyz}) and the actuator's endpoints (when
 * they share the API's port) are not counted: they must answer most when the service is
 * busiest.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InFlightLimitFilter implements WebFilter {

	private static final Logger logger = LoggerFactory.getLogger(InFlightLimitFilter.class);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final int maxInFlight;

	private final String actuatorPath;

	private final JsonMapper json;

	InFlightLimitFilter(HttpProperties properties, JsonMapper json, MeterRegistry meters,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorPath) {
		this.maxInFlight = properties.maxInFlight();
		this.actuatorPath = actuatorPath.endsWith("/") ? actuatorPath : actuatorPath + "/";
		this.json = json;
		Gauge.builder("http.server.requests.in.flight", this.inFlight, AtomicInteger::get)
			.description("API requests being worked on; past task-api.http.max-in-flight they are shed with 503")
			.register(meters);
	}

	private boolean exempt(String path) {
		return path.startsWith(this.actuatorPath) || path.equals("/livez") || path.equals("/readyz");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exempt(exchange.getRequest().getPath().value())) {
			return chain.filter(exchange);
		}
		// counted from subscription to completion, error or cancellation (a client gone)
		return Mono.defer(() -> {
			if (this.inFlight.incrementAndGet() > this.maxInFlight) {
				this.inFlight.decrementAndGet();
				// one line per shed request would add to the overload: the 503s are
				// counted in http.server.requests
				logger.debug("At capacity ({} requests in flight), answered 503 to {} {}", this.maxInFlight,
						exchange.getRequest().getMethod(), exchange.getRequest().getPath());
				return ProblemResponses.write(exchange, this.json, AtCapacity.problem(), AtCapacity.headers());
			}
			// deferred: a chain that throws instead of failing its Mono still releases
			return Mono.defer(() -> chain.filter(exchange)).doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

}
