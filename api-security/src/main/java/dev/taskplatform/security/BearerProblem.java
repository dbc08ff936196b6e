package dev.taskplatform.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;

/**
 * A refused request as the API answers it: the status, an RFC 6750
 * {@code WWW-Authenticate} challenge and an RFC 9457 problem body that says what was
 * wrong and what to send instead. The same for WebFlux and Spring MVC.
 *
 * @param status 401 (no token, or a token refused), 400 (a malformed Authorization
 * header) or 403 (a valid token without the scope)
 * @param wwwAuthenticate the challenge
 * @param title the problem's title
 * @param detail the problem's detail
 * @param error the RFC 6750 error code, or {@code null} when no token was sent
 * @param scope the scope the request needs, when known
 */
public record BearerProblem(HttpStatus status, String wwwAuthenticate, String title, String detail,
		@Nullable String error, @Nullable String scope) {

	public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The answer to a request without a usable token.
	 * @param failure why authentication failed: a refused token carries a
	 * {@link BearerTokenError}, anything else means no token was sent
	 * @return the problem
	 */
	public static BearerProblem unauthenticated(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth
				&& oauth.getError() instanceof BearerTokenError error) {
			// the message keeps what the error's description drops
			// (Spring Security blanks a description with characters
			// a header cannot carry); the challenge cleans it
			String description = (failure.getMessage() != null) ? failure.getMessage()
					: (error.getDescription() != null) ? error.getDescription() : "the token is not valid";
			String detail = BearerTokenErrorCodes.INVALID_REQUEST.equals(error.getErrorCode())
					? "The Authorization header is malformed: " + description + "."
					: "The access token was refused: " + description + ". Get a new token and try again.";
			return new BearerProblem(error.getHttpStatus(), challenge(error.getErrorCode(), description, null),
					(error.getHttpStatus() == HttpStatus.BAD_REQUEST) ? "Bad Request" : "Unauthorized", detail,
					error.getErrorCode(), null);
		}
		if (failure instanceof OAuth2AuthenticationException oauth) {
			String description = (oauth.getError().getDescription() != null) ? oauth.getError().getDescription()
					: oauth.getError().getErrorCode();
			return new BearerProblem(HttpStatus.UNAUTHORIZED,
					challenge(BearerTokenErrorCodes.INVALID_TOKEN, description, null), "Unauthorized",
					"The access token was refused: " + description + ". Get a new token and try again.",
					BearerTokenErrorCodes.INVALID_TOKEN, null);
		}
		return new BearerProblem(HttpStatus.UNAUTHORIZED, "Bearer", "Unauthorized",
				"This request needs an OAuth 2.0 access token: send it as 'Authorization: Bearer <token>'.", null,
				null);
	}

	/**
	 * The answer to a valid token that lacks the scope a request needs.
	 * @param scope the scope needed, or {@code null} when no rule names one
	 * @return the problem
	 */
	public static BearerProblem forbidden(@Nullable String scope) {
		if (scope == null) {
			String description = "No scope grants this request";
			return new BearerProblem(HttpStatus.FORBIDDEN,
					challenge(BearerTokenErrorCodes.INSUFFICIENT_SCOPE, description, null), "Forbidden",
					description + ": the API has no such operation for any token.",
					BearerTokenErrorCodes.INSUFFICIENT_SCOPE, null);
		}
		String description = "The request needs the scope " + scope;
		return new BearerProblem(HttpStatus.FORBIDDEN,
				challenge(BearerTokenErrorCodes.INSUFFICIENT_SCOPE, description, scope), "Forbidden",
				description + ": ask for a token that grants it.", BearerTokenErrorCodes.INSUFFICIENT_SCOPE, scope);
	}

	/**
	 * The problem as JSON.
	 * @param instance the request's path
	 * @return the body
	 */
	public byte[] body(String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", this.title);
		problem.put("status", this.status.value());
		problem.put("detail", this.detail);
		problem.put("instance", instance);
		if (this.error != null) {
			problem.put("error", this.error);
		}
		if (this.scope != null) {
			problem.put("scope", this.scope);
		}
		return JSON.writeValueAsBytes(problem);
	}

	private static String challenge(String error, String description, @Nullable String scope) {
		StringBuilder challenge = new StringBuilder("Bearer error=\"").append(error)
			.append("\", error_description=\"")
			.append(headerSafe(description))
			.append('"');
		if (scope != null) {
			challenge.append(", scope=\"").append(headerSafe(scope)).append('"');
		}
		return challenge.toString();
	}

	/** RFC 6750 allows printable ASCII but the quote and the backslash in its values. */
	private static String headerSafe(String text) {
		StringBuilder safe = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			safe.append((c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') ? c : ' ');
		}
		return safe.toString();
	}

}
