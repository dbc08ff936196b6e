package dev.taskplatform.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.taskplatform.testinfra.DevelopmentTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/docker-compose.yml as docker-compose itself reads it ({@code config} validates
 * without a Docker engine). Skipped, and saying so, where docker-compose is not installed
 * (.ci/run installs Debian's package).
 */
class DockerComposeConfigTests {

	private static final List<String> SERVICES = List.of("task-api", "notification-service", "audit-service",
			"reminder-service");

	private static Map<String, Object> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void renderCompose() throws IOException, InterruptedException {
		Path file = FleetOptions.findRepository(Path.of("").toAbsolutePath()).resolve("deploy/docker-compose.yml");
		Process process;
		try {
			process = new ProcessBuilder("docker-compose", "-f", file.toString(), "--profile", "tools", "config")
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			Assumptions.abort("SKIPPED: docker-compose is not installed, deploy/docker-compose.yml was not validated");
			return;
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("docker-compose config: %s", output).isZero();
		services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(output).get("services");
	}

	@Test
	void declaresTheWholeFleet() {
		assertThat(services).containsKeys("kafka", "kafka-init", "postgres", "dev-keys", "kafka-ui");
		assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
	}

	@Test
	@SuppressWarnings("unchecked")
	void servicesWaitForTheDatabaseAndTheTopicsAndReportTheirHealth() {
		for (String name : SERVICES) {
			Map<String, Object> service = (Map<String, Object>) services.get(name);
			Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
			assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
			assertThat(dependsOn.get("kafka-init")).containsEntry("condition", "service_completed_successfully");
			assertThat(service.get("healthcheck").toString()).contains("/readyz");
			assertThat(dependsOn.get("dev-keys")).containsEntry("condition", "service_completed_successfully");
			Map<String, Object> environment = (Map<String, Object>) service.get("environment");
			assertThat(environment).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION",
						"file:/etc/task-platform/keys/public.pem")
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", "task-platform")
				.containsKey("API_SECURITY_ISSUER")
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
			assertThat(environment.keySet())
				.anyMatch((key) -> key.equals("SPRING_DATASOURCE_URL") || key.equals("SPRING_R2DBC_URL"));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void kafkaCreatesNoTopicByItselfAndTheInitializerCreatesThemAll() {
		Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
		assertThat((Map<String, Object>) kafka.get("environment")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE",
				"false");
		String init = services.get("kafka-init").toString();
		assertThat(init).contains("task.created", "task.completed", "task.reminder.due",
				"task.created.audit-service.dlt", "task.reminder.due.notification-service.dlt",
				"task.completed.reminder-service.dlt");
	}

	@Test
	@SuppressWarnings("unchecked")
	void optionalToolsStayBehindAProfile() {
		Map<String, Object> ui = (Map<String, Object>) services.get("kafka-ui");
		assertThat((List<String>) ui.get("profiles")).containsExactly("tools");
		assertThat((String) ui.get("image")).startsWith("kafbat/kafka-ui:v");
	}

	@Test
	@SuppressWarnings("unchecked")
	void devKeysMintsATokenTheServicesTake(@TempDir Path dir) throws Exception {
		Map<String, Object> devKeys = (Map<String, Object>) services.get("dev-keys");
		Map<String, Object> environment = (Map<String, Object>) devKeys.get("environment");
		List<String> entrypoint = (List<String>) devKeys.get("entrypoint");
		// the script as compose runs it (docker-compose config writes each $ as $$
		// again), on this machine's openssl, into a folder of the test
		String script = entrypoint.get(2)
			.replace("$$", "$")
			.replace("apk add --no-cache openssl > /dev/null", "true")
			.replace("/keys/", dir + "/keys/")
			.replace("/private/", dir + "/private/");
		Files.createDirectories(dir.resolve("keys"));
		Files.createDirectories(dir.resolve("private"));
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
		environment.forEach((name, value) -> builder.environment().put(name, String.valueOf(value)));
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			Assumptions.abort("SKIPPED: no /bin/sh to run dev-keys' script");
			return;
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		Assumptions.assumeFalse(output.contains("openssl: not found"), "SKIPPED: no openssl to run dev-keys' script");
		assertThat(process.exitValue()).as("dev-keys: %s", output).isZero();
		String token = Files.readString(dir.resolve("keys/token")).trim();
		assertThat(output).contains("TOKEN=" + token);

		// decoded as the services decode it: their public key, issuer and audience
		String pem = Files.readString(dir.resolve("keys/public.pem"))
			.replace("-----BEGIN PUBLIC KEY-----", "")
			.replace("-----END PUBLIC KEY-----", "");
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
		Map<String, Object> taskApi = (Map<String, Object>) ((Map<String, Object>) services.get("task-api"))
			.get("environment");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
				new JwtIssuerValidator((String) taskApi.get("API_SECURITY_ISSUER")),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null
						&& aud.contains((String) taskApi.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES")))));
		Jwt jwt = decoder.decode(token);
		assertThat(jwt.getSubject()).isEqualTo("developer");
		assertThat(jwt.getClaimAsString("scope").split(" "))
			.containsExactlyInAnyOrderElementsOf(DevelopmentTokens.ALL_SCOPES);
	}

}
