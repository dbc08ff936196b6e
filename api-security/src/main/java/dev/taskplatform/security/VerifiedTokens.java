package dev.taskplatform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The tokens a JWT decoder verified lately, so that a client sending the same token again
 * is not verified again: parsing and checking an RS256 signature is most of what
 * authentication costs a request, and clients send one token for many requests. A token
 * is taken from here only while its {@code exp} and {@code nbf} still hold (with the
 * decoder's minute of clock skew) and for at most {@code maxAge} after it was verified,
 * the time Spring Security keeps a JWK Set before reading it again, so that a key
 * withdrawn from the set stops working no later than without this. Bounded: past
 * {@code capacity} tokens an old entry makes room. Every other check (issuer, audience,
 * subject, signature) depends on the token's text alone, which is the key.
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
		if (this.capacity <= 0) {
			return;
		}
		while (this.tokens.size() >= this.capacity) {
			Iterator<String> any = this.tokens.keySet().iterator();
			if (!any.hasNext()) {
				break;
			}
			this.tokens.remove(any.next());
		}
		this.tokens.put(token, new Verified(jwt, this.clock.instant()));
	}

	int size() {
		return this.tokens.size();
	}

	private record Verified(Jwt jwt, Instant at) {

	}

}
