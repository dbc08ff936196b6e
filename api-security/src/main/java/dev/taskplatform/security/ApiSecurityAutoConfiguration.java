package dev.taskplatform.security;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * The token rules every service applies, as validators Spring Boot adds to the JWT
 * decoder it builds from {@code spring.security.oauth2.resourceserver.jwt.*}, and the
 * tokens verified lately, which the filter chains take without verifying them again.
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

	@Bean
	OAuth2TokenValidator<Jwt> subjectRequiredValidator() {
		return TokenRules.subjectRequired();
	}

	/**
	 * Spring Security observes each of its filters, the authentication and the
	 * authorization of every request (a span and a timer each): about half of the cost of
	 * its chain in task-api's profile (docs/benchmarks.md). The request's own observation
	 * ({@code http.server.requests}, its trace) stays, with the 401 and 403 answers in
	 * it.
	 * @return no observations of Spring Security's own
	 */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	VerifiedTokens verifiedTokens(ApiSecurityProperties properties) {
		return new VerifiedTokens(properties.verifiedTokens(), properties.verifiedTokenMaxAge(), Clock.systemUTC());
	}

	/**
	 * The issuer check where Spring Boot has none: with {@code issuer-uri} Boot checks
	 * that issuer itself, and this setting is not used.
	 */
	@Bean
	@ConditionalOnExpression("'${api-security.issuer:}' != '' && '${spring.security.oauth2.resourceserver.jwt.issuer-uri:}' == ''")
	OAuth2TokenValidator<Jwt> issuerRequiredValidator(ApiSecurityProperties properties) {
		return new JwtIssuerValidator(properties.issuer());
	}

}
