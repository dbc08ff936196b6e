package dev.taskplatform.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.taskplatform.security.reactive.ReactiveApiSecurityAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service with no token settings runs open and says so once; with them it does not.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenApiWarningTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveWebSecurityAutoConfiguration.class,
				ReactiveOAuth2ResourceServerAutoConfiguration.class, ApiSecurityAutoConfiguration.class,
				ReactiveApiSecurityAutoConfiguration.class))
		.withBean(ApiScopes.class, () -> ApiScopes.of(new ApiScope(HttpMethod.GET, "/things", "things:read")))
		.withPropertyValues("spring.application.name=probe");

	@Test
	void noTokenSettingsIsAnOpenApiAndOneWarning(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecurityWebFilterChain.class).doesNotHaveBean(ReactiveJwtDecoder.class);
			assertThat(output.getOut().split("probe's API is open", -1)).hasSize(2);
		});
	}

	@Test
	void aPublicKeyIsASecuredApiAndNoWarning(CapturedOutput output, @TempDir Path dir) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		Path key = Files.writeString(dir.resolve("public.pem"), pem);
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + key)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReactiveJwtDecoder.class);
				assertThat(output.getOut()).doesNotContain("API is open");
			});
	}

}
