package dev.taskplatform.security.servlet;

import dev.taskplatform.security.VerifiedTokens;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A decoder that verifies a token once and then takes it from {@link VerifiedTokens}
 * while it holds.
 */
final class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final VerifiedTokens verified;

	CachingJwtDecoder(JwtDecoder delegate, VerifiedTokens verified) {
		this.delegate = delegate;
		this.verified = verified;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.get(token);
		if (known != null) {
			return known;
		}
		Jwt jwt = this.delegate.decode(token);
		this.verified.put(token, jwt);
		return jwt;
	}

}
