package dev.taskplatform.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The scopes a service's API asks for, a rule per route; declared as a bean by each
 * service. A request matching no rule is refused (401 without a token, 403 with one),
 * except the health probes and the API description, which are open ({@link #OPEN_PATHS}),
 * and the actuator on a management port of its own.
 */
public final class ApiScopes {

	/**
	 * Open on the API port: the liveness and readiness probes (Kubernetes and the fleet
	 * call them without a token) and the OpenAPI description with its UI.
	 */
	public static final List<String> OPEN_PATHS = List.of("/livez", "/readyz", "/v3/api-docs", "/v3/api-docs.yaml",
			"/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");

	private final List<ApiScope> rules;

	private final List<PathPattern> patterns;

	private ApiScopes(List<ApiScope> rules) {
		this.rules = List.copyOf(rules);
		this.patterns = this.rules.stream()
			.map((rule) -> PathPatternParser.defaultInstance.parse(rule.pathPattern()))
			.toList();
	}

	public static ApiScopes of(ApiScope... rules) {
		return new ApiScopes(List.of(rules));
	}

	/**
	 * A read API: {@code GET} (and {@code HEAD}) on a path and everything below it, with
	 * one scope.
	 * @param path e.g. {@code /audit-events}
	 * @param scope e.g. {@code audit:read}
	 * @return the scopes
	 */
	public static ApiScopes readOnly(String path, String scope) {
		return of(new ApiScope(HttpMethod.GET, path, scope), new ApiScope(HttpMethod.GET, path + "/**", scope));
	}

	public List<ApiScope> rules() {
		return this.rules;
	}

	/**
	 * The scope a request needs: that of the first rule it matches.
	 * @param method the request's method
	 * @param path the request's path, without the query
	 * @return the scope, or {@code null} when no rule matches
	 */
	public @Nullable String scopeFor(HttpMethod method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (int i = 0; i < this.rules.size(); i++) {
			if (this.rules.get(i).methods().contains(method) && this.patterns.get(i).matches(container)) {
				return this.rules.get(i).scope();
			}
		}
		return null;
	}

}
