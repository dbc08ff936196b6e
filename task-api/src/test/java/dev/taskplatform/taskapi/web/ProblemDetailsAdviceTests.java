package dev.taskplatform.taskapi.web;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping of failures to RFC 9457 problems, in a WebFlux slice with a controller that
 * fails on purpose: bad input is a 400 that names what is wrong, an exhausted pool and a
 * lost database are 503s with {@code Retry-After}, and anything else is a 500 that tells
 * nothing of our internals.
 */
@WebFluxTest(controllers = ProblemDetailsAdviceTests.Failing.class,
		properties = "spring.webflux.problemdetails.enabled=true")
@Import(ProblemDetailsAdviceTests.Failing.class)
class ProblemDetailsAdviceTests {

	@Autowired
	private WebTestClient http;

	@Test
	void anInvalidBodyIsA400ListingEveryOffendingField() {
		this.http.post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"\",\"code\":\"toolong\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Invalid request")
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("name", "code"));
	}

	@Test
	void malformedJsonIsA400() {
		this.http.post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Invalid request");
	}

	@Test
	void anUnreadablePathVariableIsA400NamingIt() {
		this.http.get()
			.uri("/things/not-a-uuid")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
	}

	@Test
	void anExhaustedConnectionPoolIsA503AtCapacity() {
		this.http.get()
			.uri("/fail/pool")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("At capacity");
	}

	@Test
	void aLostDatabaseIsA503NotInDoubtForARead() {
		this.http.get()
			.uri("/fail/database")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.inDoubt")
			.isEqualTo(false);
	}

	@Test
	void anythingElseIsA500ThatTellsNothingOfOurInternals() {
		this.http.get()
			.uri("/fail/bug")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("secret internals").contains("could not be completed"));
	}

	/** What the web package's filters need: their settings and a meter registry. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpProperties.class)
	static class WebSettings {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	record Thing(@NotBlank String name, @Size(max = 4) String code) {

	}

	@RestController
	static class Failing {

		@PostMapping("/things")
		Mono<Thing> create(@Valid @RequestBody Thing thing) {
			return Mono.just(thing);
		}

		@GetMapping("/things/{id}")
		Mono<String> find(@PathVariable UUID id) {
			return Mono.just(id.toString());
		}

		@GetMapping("/fail/pool")
		Mono<String> pool() {
			return Mono.error(new R2dbcTimeoutException("no connection within max-acquire-time"));
		}

		@GetMapping("/fail/database")
		Mono<String> database() {
			return Mono.error(new R2dbcTransientResourceException("connection closed"));
		}

		@GetMapping("/fail/bug")
		Mono<String> bug() {
			return Mono.error(new IllegalStateException("secret internals"));
		}

	}

}
