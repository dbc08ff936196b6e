package dev.taskplatform.security.servlet;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The filter chain of a Spring MVC API (the consumers' read APIs) from its
 * {@link ApiScopes}: with a JWT decoder (any of Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} settings) every route needs a valid
 * bearer token and its rule's scope, and a route without a rule is refused; without one
 * the API is open and says so once. Stateless: no session, no CSRF token, no login page.
 * With a management port of its own, Spring Boot applies this chain there too, where the
 * actuator's endpoints are open; sharing the API's port, only its health is.
 */
@AutoConfiguration(before = { OAuth2ResourceServerAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
		ServletWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ApiScopes.class)
public class ServletApiSecurityAutoConfiguration {

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiScopes scopes, ObjectProvider<JwtDecoder> decoders,
			VerifiedTokens verified, Environment environment) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		JwtDecoder decoder = decoders.getIfAvailable();
		if (decoder == null) {
			OpenApiWarning.log(environment);
			// open: the chain matches no request, so that no security filter runs at all
			return http.securityMatcher((request) -> false)
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}
		AuthenticationEntryPoint unauthenticated = (request, response, failure) -> write(request, response,
				BearerProblem.unauthenticated(failure));
		AccessDeniedHandler forbidden = (request, response, denied) -> write(request, response,
				BearerProblem.forbidden(scopes.scopeFor(HttpMethod.valueOf(request.getMethod()), path(request))));
		http.authorizeHttpRequests((requests) -> {
			requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
			requests.requestMatchers(ManagementPorts.ownPort(environment) ? EndpointRequest.toAnyEndpoint()
					: EndpointRequest.to(HealthEndpoint.class))
				.permitAll();
			requests.requestMatchers(ApiScopes.OPEN_PATHS.toArray(String[]::new)).permitAll();
			for (ApiScope rule : scopes.rules()) {
				for (HttpMethod method : rule.methods()) {
					requests.requestMatchers(method, rule.pathPattern()).hasAuthority(rule.authority());
				}
			}
			// least privilege: a route without a rule is nobody's
			requests.anyRequest().denyAll();
		})
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(new CachingJwtDecoder(decoder, verified)))
				.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
		return http.build();
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, BearerProblem problem)
			throws IOException {
		response.setStatus(problem.status().value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, problem.wwwAuthenticate());
		response.setContentType(BearerProblem.PROBLEM_JSON.toString());
		response.getOutputStream().write(problem.body(path(request)));
	}

}
