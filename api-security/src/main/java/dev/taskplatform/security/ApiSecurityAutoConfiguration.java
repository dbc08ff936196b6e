package dev.taskplatform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * The token rules every service applies, as validators Spring Boot adds to the JWT
 * decoder it builds from {@code spring.security.oauth2.resourceserver.jwt.*}.
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

	@Bean
	OAuth2TokenValidator<Jwt> subjectRequiredValidator() {
		return TokenRules.subjectRequired();
	}

	@Bean
	@ConditionalOnProperty("api-security.issuer")
	OAuth2TokenValidator<Jwt> issuerRequiredValidator(ApiSecurityProperties properties) {
		return new JwtIssuerValidator(properties.issuer());
	}

}
