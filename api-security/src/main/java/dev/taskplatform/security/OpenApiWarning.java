package dev.taskplatform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

/**
 * The one WARN of a service whose API runs open.
 */
public final class OpenApiWarning {

	private static final Logger logger = LoggerFactory.getLogger(OpenApiWarning.class);

	private OpenApiWarning() {
	}

	public static void log(Environment environment) {
		logger.warn("{}'s API is open: no token settings (spring.security.oauth2.resourceserver.jwt.issuer-uri, "
				+ "jwk-set-uri or public-key-location), so anyone who can reach it may call every endpoint. "
				+ "Acceptable on a developer's machine or behind a gateway that authenticates; see the README, "
				+ "Security.", environment.getProperty("spring.application.name", "this service"));
	}

}
