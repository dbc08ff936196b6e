package dev.taskplatform.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the services check in every token beyond Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} settings.
 *
 * @param issuer the {@code iss} every token must carry. Spring Boot checks the issuer
 * only with {@code issuer-uri}; with {@code public-key-location} or {@code jwk-set-uri}
 * alone set this, or tokens of any issuer that signs with the key are taken
 */
@ConfigurationProperties("api-security")
public record ApiSecurityProperties(@Nullable String issuer) {

}
