package dev.taskplatform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The tokens a JWT decoder verified lately, so that a client sending the same token again
 * is not verified again: parsing and checking an RS256 signature is most of what
 * authentication costs a request, and clients send one token for many requests. A token
 * is taken from here only while its {@code exp} and {@code nbf} still hold (with the
 * decoder's minute of clock skew) and for at most {@code maxAge} after it was verified: a
 * key withdrawn from the authorization server's JWK Set goes on being taken for the
 * tokens it signed that were verified in the last {@code maxAge}, that much longer than
 * without this. The other checks (signature, issuer, audience, subject) depend on the
 * token's text alone, which is the key; a certificate-bound token ({@code cnf}), whose
 * check depends on the request's client certificate, is never remembered. Bounded: when
 * {@code capacity} tokens are held, the stale ones go, and if none is, all of them.
 */
public final class VerifiedTokens {

	private final ConcurrentHashMap<String, Verified> tokens;

	private final int capacity;

	private final Duration maxAge;

	private final JwtTimestampValidator timestamps;

	private final Clock clock;

	public VerifiedTokens(int capacity, Duration maxAge, Clock clock) {
		this.tokens = new ConcurrentHashMap<>(Math.max(16, capacity * 2));
		this.capacity = capacity;
		this.maxAge = maxAge;
		this.clock = clock;
		this.timestamps = new JwtTimestampValidator();
		this.timestamps.setClock(clock);
	}

	/**
	 * The verified token, when it was verified lately and is still valid.
	 * @param token the compact JWT as received
	 * @return its decoded form, or {@code null} when it has to be verified
	 */
	public @Nullable Jwt get(String token) {
		Verified verified = this.tokens.get(token);
		if (verified == null) {
			return null;
		}
		if (verified.at().plus(this.maxAge).isBefore(this.clock.instant())
				|| this.timestamps.validate(verified.jwt()).hasErrors()) {
			this.tokens.remove(token, verified);
			return null;
		}
		return verified.jwt();
	}

	/**
	 * Remembers a token the decoder has verified.
	 * @param token the compact JWT as received
	 * @param jwt its decoded form
	 */
	public void put(String token, Jwt jwt) {
		if (this.capacity <= 0 || jwt.hasClaim("cnf")) {
			return;
		}
		if (this.tokens.size() >= this.capacity) {
			Instant now = this.clock.instant();
			this.tokens.values()
				.removeIf((verified) -> verified.at().plus(this.maxAge).isBefore(now)
						|| this.timestamps.validate(verified.jwt()).hasErrors());
			if (this.tokens.size() >= this.capacity) {
				// more live tokens than room: start again rather than pick among them
				this.tokens.clear();
			}
		}
		this.tokens.put(token, new Verified(jwt, this.clock.instant()));
	}

	int size() {
		return this.tokens.size();
	}

	private record Verified(Jwt jwt, Instant at) {

	}

}
