package dev.taskplatform.security.reactive;

import reactor.core.publisher.Mono;

import dev.taskplatform.security.ApiScope;
import dev.taskplatform.security.ApiScopes;
import dev.taskplatform.security.BearerProblem;
import dev.taskplatform.security.ManagementPorts;
import dev.taskplatform.security.OpenApiWarning;
import dev.taskplatform.security.VerifiedTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * The filter chain of a WebFlux API (task-api) from its {@link ApiScopes}: with a JWT
 * decoder (any of Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}
 * settings) every route needs a valid bearer token and its rule's scope, and a route
 * without a rule is refused; without one the API is open and says so once. The actuator
 * is open on a management port of its own; sharing the API's port, only its health is.
 * Stateless: no session, no CSRF token, no login page.
 */
@AutoConfiguration(before = { ReactiveOAuth2ResourceServerAutoConfiguration.class,
		ReactiveManagementWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(ApiScopes.class)
public class ReactiveApiSecurityAutoConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurityFilterChain(ServerHttpSecurity http, ApiScopes scopes,
			ObjectProvider<ReactiveJwtDecoder> decoders, VerifiedTokens verified, Environment environment) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(
					org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		ReactiveJwtDecoder decoder = decoders.getIfAvailable();
		if (decoder == null) {
			OpenApiWarning.log(environment);
			// open: the chain matches no request, so that no security filter runs at all
			return http.securityMatcher((exchange) -> ServerWebExchangeMatcher.MatchResult.notMatch())
				.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.build();
		}
		ServerAuthenticationEntryPoint unauthenticated = (exchange, failure) -> write(exchange,
				BearerProblem.unauthenticated(failure));
		ServerAccessDeniedHandler forbidden = (exchange, denied) -> write(exchange, BearerProblem
			.forbidden(scopes.scopeFor(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value())));
		http.authorizeExchange((exchanges) -> {
			exchanges.matchers(ManagementPorts.ownPort(environment) ? EndpointRequest.toAnyEndpoint()
					: EndpointRequest.to(HealthEndpoint.class))
				.permitAll();
			exchanges.pathMatchers(ApiScopes.OPEN_PATHS.toArray(String[]::new)).permitAll();
			for (ApiScope rule : scopes.rules()) {
				for (HttpMethod method : rule.methods()) {
					exchanges.pathMatchers(method, rule.pathPattern()).hasAuthority(rule.authority());
				}
			}
			// least privilege: a route without a rule is nobody's
			exchanges.anyExchange().denyAll();
		})
			.oauth2ResourceServer(
					(server) -> server.jwt((jwt) -> jwt.jwtDecoder(new CachingReactiveJwtDecoder(decoder, verified)))
						.authenticationEntryPoint(unauthenticated)
						.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
		return http.build();
	}

	private static Mono<Void> write(ServerWebExchange exchange, BearerProblem problem) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(problem.status());
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, problem.wwwAuthenticate());
		response.getHeaders().setContentType(BearerProblem.PROBLEM_JSON);
		byte[] body = problem.body(exchange.getRequest().getPath().value());
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
