package dev.taskplatform.security;

import org.springframework.http.HttpMethod;

/**
 * One rule of an API: requests with this method on paths matching the pattern need a
 * token with this scope.
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

}
