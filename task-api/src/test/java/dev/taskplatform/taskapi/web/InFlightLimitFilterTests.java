package dev.taskplatform.taskapi.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-flight count: released however a request ends, and past the limit a request is
 * shed without reaching the chain.
 */
class InFlightLimitFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final InFlightLimitFilter filter = new InFlightLimitFilter(
			new HttpProperties(DataSize.ofKilobytes(64), 1, null), JsonMapper.builder().build(), this.meters,
			"/actuator");

	@Test
	void aRequestPastTheLimitIsShedWithoutReachingTheChain() {
		Disposable first = this.filter.filter(post(), (exchange) -> Mono.never()).subscribe();
		AtomicInteger reached = new AtomicInteger();
		MockServerWebExchange second = post();

		StepVerifier.create(this.filter.filter(second, (exchange) -> {
			reached.incrementAndGet();
			return Mono.empty();
		})).verifyComplete();

		assertThat(reached).hasValue(0);
		assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(second.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		StepVerifier.create(second.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).contains("At capacity"))
			.verifyComplete();
		first.dispose();
	}

	@Test
	void aCancelledRequestReleasesItsPlace() {
		Disposable request = this.filter.filter(post(), (exchange) -> Mono.never()).subscribe();
		assertThat(inFlight()).isEqualTo(1.0);

		request.dispose();

		assertThat(inFlight()).isZero();
	}

	@Test
	void aFailedRequestReleasesItsPlaceEvenWhenTheChainThrows() {
		WebFilterChain throwing = (exchange) -> {
			throw new IllegalStateException("thrown, not signalled");
		};
		StepVerifier.create(this.filter.filter(post(), throwing)).verifyError(IllegalStateException.class);
		StepVerifier.create(this.filter.filter(post(), (exchange) -> Mono.error(new IllegalStateException("failed"))))
			.verifyError(IllegalStateException.class);

		assertThat(inFlight()).isZero();
		StepVerifier.create(this.filter.filter(post(), (exchange) -> Mono.empty())).verifyComplete();
	}

	@Test
	void theProbesAndTheActuatorAreNotCounted() {
		Disposable request = this.filter.filter(post(), (exchange) -> Mono.never()).subscribe();
		AtomicInteger reached = new AtomicInteger();

		for (String path : List.of("/actuator/health", "/livez", "/readyz")) {
			StepVerifier
				.create(this.filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get(path)), (exchange) -> {
					reached.incrementAndGet();
					return Mono.empty();
				}))
				.verifyComplete();
		}

		assertThat(reached).hasValue(3);
		request.dispose();
	}

	private double inFlight() {
		return this.meters.get("http.server.requests.in.flight").gauge().value();
	}

	private static MockServerWebExchange post() {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/tasks"));
	}

}
