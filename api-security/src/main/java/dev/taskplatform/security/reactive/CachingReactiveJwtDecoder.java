package dev.taskplatform.security.reactive;

import reactor.core.publisher.Mono;

import dev.taskplatform.security.VerifiedTokens;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * A decoder that verifies a token once and then takes it from {@link VerifiedTokens}
 * while it holds.
 */
final class CachingReactiveJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final VerifiedTokens verified;

	CachingReactiveJwtDecoder(ReactiveJwtDecoder delegate, VerifiedTokens verified) {
		this.delegate = delegate;
		this.verified = verified;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Jwt known = this.verified.get(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> this.verified.put(token, jwt));
	}

}
