package dev.taskplatform.taskapi.web;

import java.net.URI;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem from a {@code WebFilter}, where the controller advice does not reach.
 */
final class ProblemResponses {

	private ProblemResponses() {
	}

	static Mono<Void> write(ServerWebExchange exchange, JsonMapper json, ProblemDetail problem, HttpHeaders headers) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().addAll(headers);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
		return response.writeWith(Mono.just(buffer));
	}

}
