package dev.taskplatform.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The rules every service applies to a token on top of Spring Security's (signature,
 * {@code exp} and {@code nbf} with a minute of clock skew, and the issuer and audiences
 * configured). Spring Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to the JWT
 * decoder it builds.
 */
public final class TokenRules {

	/** The longest subject taken: it is stored and travels in events as the actor. */
	public static final int MAX_SUBJECT_LENGTH = 255;

	private TokenRules() {
	}

	/**
	 * A token must name who acts ({@code sub}): the API records it as the task's creator
	 * or completer.
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> subjectRequired() {
		return (jwt) -> {
			String problem = subjectProblem(jwt.getSubject());
			return (problem == null) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
				.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, problem, null));
		};
	}

	static @Nullable String subjectProblem(@Nullable String subject) {
		if (subject == null || subject.isBlank()) {
			return "The token has no subject (sub)";
		}
		if (subject.length() > MAX_SUBJECT_LENGTH) {
			return "The token's subject is longer than " + MAX_SUBJECT_LENGTH + " characters";
		}
		for (int i = 0; i < subject.length(); i++) {
			if (Character.isISOControl(subject.charAt(i))) {
				return "The token's subject holds a control character";
			}
		}
		return null;
	}

}
