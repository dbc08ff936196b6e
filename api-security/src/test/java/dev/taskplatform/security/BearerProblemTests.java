package dev.taskplatform.security;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

class BearerProblemTests {

	@Test
	void noTokenIsAChallengeWithoutAnError() {
		BearerProblem problem = BearerProblem
			.unauthenticated(new AuthenticationCredentialsNotFoundException("Not Authenticated"));

		assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(problem.wwwAuthenticate()).isEqualTo("Bearer");
		assertThat(problem.error()).isNull();
		assertThat(new String(problem.body("/tasks"), StandardCharsets.UTF_8)).contains("\"status\":401")
			.contains("\"title\":\"Unauthorized\"")
			.contains("\"instance\":\"/tasks\"")
			.contains("Authorization: Bearer");
	}

	@Test
	void aRefusedTokenSaysWhyInTheChallengeAndTheBody() {
		BearerProblem problem = BearerProblem
			.unauthenticated(new InvalidBearerTokenException("Jwt expired at 2026-12-01T10:00:00Z"));

		assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(problem.wwwAuthenticate())
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"Jwt expired at 2026-12-01T10:00:00Z\"");
		assertThat(problem.error()).isEqualTo("invalid_token");
		assertThat(problem.detail()).contains("Jwt expired at");
	}

	@Test
	void aMalformedHeaderIsABadRequest() {
		BearerProblem problem = BearerProblem.unauthenticated(
				new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest("Bearer token is malformed")));

		assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(problem.error()).isEqualTo("invalid_request");
	}

	@Test
	void aMissingScopeIsNamed() {
		BearerProblem problem = BearerProblem.forbidden("tasks:write");

		assertThat(problem.status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(problem.wwwAuthenticate()).contains("error=\"insufficient_scope\"")
			.endsWith("scope=\"tasks:write\"");
		assertThat(new String(problem.body("/tasks"), StandardCharsets.UTF_8)).contains("\"scope\":\"tasks:write\"")
			.contains("\"status\":403");
	}

}
