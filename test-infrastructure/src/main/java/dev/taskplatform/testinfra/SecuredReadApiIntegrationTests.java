package dev.taskplatform.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A consumer's read API secured with bearer tokens signed by a key generated here, on a
 * real Kafka broker and a real PostgreSQL: each consumer runs it (a subclass in its own
 * package, where Spring Boot finds the application) for its route and scope, and may add
 * tests of its own.
 */
@ConsumerServiceTest
public abstract class SecuredReadApiIntegrationTests {

	protected static final DevelopmentTokens TOKENS = DevelopmentTokens.generate();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@DynamicPropertySource
	static void tokenKey(DynamicPropertyRegistry registry) {
		try {
			Path publicKey = TOKENS.writePublicKey(Files.createTempFile("public-key", ".pem"));
			TOKENS.serviceProperties(publicKey).forEach((name, value) -> registry.add(name, () -> value));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A read route of the API.
	 * @return its path, e.g. {@code /audit-events}
	 */
	protected abstract String path();

	/**
	 * The scope the route asks for.
	 * @return e.g. {@code audit:read}
	 */
	protected abstract String scope();

	protected String apiUrl() {
		return "http://localhost:" + this.port;
	}

	@Test
	void theReadApiTakesOnlyTokensWithItsScope() {
		SecuredApiChecks.assertReadApiSecured(apiUrl(), "http://localhost:" + this.managementPort, path(), scope(),
				TOKENS);
	}

}
