package dev.taskplatform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTests {

	private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T12:00:00Z"));

	private final VerifiedTokens verified = new VerifiedTokens(2, Duration.ofMinutes(5), this.clock);

	@Test
	void aVerifiedTokenIsTakenAgainWhileItHolds() {
		Jwt jwt = jwt("a", Duration.ofHours(1));
		assertThat(this.verified.get("a")).isNull();

		this.verified.put("a", jwt);

		assertThat(this.verified.get("a")).isSameAs(jwt);
		assertThat(this.verified.get("b")).isNull();
	}

	@Test
	void anExpiredTokenIsNotTakenOnceTheClockSkewHasPassed() {
		this.verified.put("a", jwt("a", Duration.ofSeconds(30)));

		this.clock.advance(Duration.ofSeconds(89));
		assertThat(this.verified.get("a")).as("within exp and the minute of skew").isNotNull();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.verified.get("a")).isNull();
		assertThat(this.verified.size()).isZero();
	}

	@Test
	void aTokenIsVerifiedAgainAfterMaxAgeHowLongSoEverItIsValid() {
		this.verified.put("a", jwt("a", Duration.ofHours(12)));

		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		assertThat(this.verified.get("a")).isNull();
	}

	@Test
	void itHoldsNoMoreThanItsCapacity() {
		this.verified.put("a", jwt("a", Duration.ofHours(1)));
		this.verified.put("b", jwt("b", Duration.ofHours(1)));
		this.verified.put("c", jwt("c", Duration.ofHours(1)));

		assertThat(this.verified.size()).isLessThanOrEqualTo(2);
		assertThat(this.verified.get("c")).isNotNull();
	}

	@Test
	void whenFullTheStaleGoFirst() {
		this.verified.put("old", jwt("old", Duration.ofSeconds(1)));
		this.verified.put("live", jwt("live", Duration.ofHours(1)));
		this.clock.advance(Duration.ofSeconds(62));

		this.verified.put("new", jwt("new", Duration.ofHours(1)));

		assertThat(this.verified.get("live")).isNotNull();
		assertThat(this.verified.get("new")).isNotNull();
		assertThat(this.verified.size()).isEqualTo(2);
	}

	@Test
	void aCertificateBoundTokenIsNeverRemembered() {
		Instant now = this.clock.instant();
		Jwt bound = Jwt.withTokenValue("bound")
			.header("alg", "RS256")
			.subject("user-1")
			.expiresAt(now.plusSeconds(3600))
			.claim("cnf", Map.of("x5t#S256", "abc"))
			.build();

		this.verified.put("bound", bound);

		assertThat(this.verified.get("bound")).isNull();
	}

	@Test
	void zeroCapacityRemembersNothing() {
		VerifiedTokens none = new VerifiedTokens(0, Duration.ofMinutes(5), this.clock);
		none.put("a", jwt("a", Duration.ofHours(1)));

		assertThat(none.get("a")).isNull();
	}

	private Jwt jwt(String token, Duration validFor) {
		Instant now = this.clock.instant();
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("user-1")
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(validFor))
			.build();
	}

	private static final class MovingClock extends Clock {

		private Instant now;

		MovingClock(Instant now) {
			this.now = now;
		}

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
