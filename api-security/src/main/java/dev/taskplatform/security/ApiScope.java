package dev.taskplatform.security;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * One rule of an API: requests with this method on paths matching the pattern need a
 * token with this scope. A {@code GET} rule covers {@code HEAD} too (Spring answers a
 * {@code HEAD} with its {@code GET} handler).
 *
 * @param method the HTTP method
 * @param pathPattern a Spring path pattern, e.g. {@code /tasks/*}
 * @param scope the OAuth 2.0 scope, e.g. {@code tasks:write}
 */
public record ApiScope(HttpMethod method, String pathPattern, String scope) {

	/**
	 * The authority Spring Security gives a token for this scope.
	 * @return {@code SCOPE_} and the scope
	 */
	public String authority() {
		return "SCOPE_" + this.scope;
	}

	/**
	 * The methods the rule covers.
	 * @return the rule's method, and {@code HEAD} with {@code GET}
	 */
	public List<HttpMethod> methods() {
		return this.method.equals(HttpMethod.GET) ? List.of(HttpMethod.GET, HttpMethod.HEAD) : List.of(this.method);
	}

}
