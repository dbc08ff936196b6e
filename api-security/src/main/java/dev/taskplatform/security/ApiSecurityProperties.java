package dev.taskplatform.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the services check in every token beyond Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} settings.
 *
 * @param issuer the {@code iss} every token must carry. Spring Boot checks the issuer
 * only with {@code issuer-uri} (and then this is not used); with
 * {@code public-key-location} or {@code jwk-set-uri} set this, or tokens of any issuer
 * that signs with the key are taken
 * @param verifiedTokens how many verified tokens are remembered so that a client's next
 * request with the same token is not verified again ({@link VerifiedTokens}); 0 verifies
 * every request
 * @param verifiedTokenMaxAge how long a verified token is taken without verifying it
 * again (within its own validity)
 */
@ConfigurationProperties("api-security")
public record ApiSecurityProperties(@Nullable String issuer, @DefaultValue("1024") int verifiedTokens,
		@DefaultValue("5m") Duration verifiedTokenMaxAge) {

}
