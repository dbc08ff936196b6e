package dev.taskplatform.taskapi.web;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request whose declared length is over the limit before reading its body.
 * Bodies without a declared length are capped by the codecs' in-memory limit, the same
 * setting ({@link RequestBodyLimits}), and answered 413 by {@link ProblemDetailsAdvice}.
 */
@Component
class RequestSizeLimitFilter implements WebFilter {

	private final HttpProperties properties;

	private final JsonMapper json;

	RequestSizeLimitFilter(HttpProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		long limit = this.properties.maxRequestSize().toBytes();
		if (declared <= limit) {
			return chain.filter(exchange);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is " + declared + " bytes; at most " + limit + " are accepted.");
		return ProblemResponses.write(exchange, this.json, problem, new HttpHeaders());
	}

}
