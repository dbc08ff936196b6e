package dev.taskplatform.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm charts under deploy/helm, linted and rendered by Helm itself (embedded through
 * helm-java, offline), and the rendered manifests read back as Kubernetes objects.
 */
class HelmChartsTests {

	private static final List<String> SERVICES = List.of("task-api", "notification-service", "audit-service",
			"reminder-service");

	private static final Path HELM = FleetOptions.findRepository(Path.of("").toAbsolutePath()).resolve("deploy/helm");

	@BeforeAll
	static void vendorDependencies() {
		// file:// dependencies only: no network. Services first, the umbrella packs them.
		for (String chart : SERVICES) {
			new Helm(HELM.resolve(chart)).dependency().update().call();
		}
		new Helm(HELM.resolve("taskplatform")).dependency().update().call();
	}

	private static final String ISSUER = "https://login.example.org/realms/tasks";

	/** Where a chart's security settings are: the umbrella's apply to every service. */
	private static String securityKey(String chart) {
		return chart.equals("taskplatform") ? "global.security" : "security";
	}

	/** A copy of a chart (with its vendored dependencies) whose values name an issuer. */
	private static Path withIssuer(String chart, Path copies) throws IOException {
		Path source = HELM.resolve(chart);
		Path copy = copies.resolve(chart);
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Files.copy(file, copy.resolve(source.relativize(file).toString()));
			}
		}
		Path values = copy.resolve("values.yaml");
		String text = Files.readString(values);
		assertThat(text).contains("issuerUri: \"\"");
		assertThat(text).contains("audiences: []");
		Files.writeString(values, text.replace("issuerUri: \"\"", "issuerUri: \"" + ISSUER + "\"")
			.replace("audiences: []", "audiences: [task-platform]"));
		return copy;
	}

	static Stream<String> charts() {
		return Stream.concat(SERVICES.stream(), Stream.of("taskplatform"));
	}

	@ParameterizedTest
	@MethodSource("charts")
	void lintsStrictly(String chart, @TempDir Path copies) throws IOException {
		// helm lint renders the default values, which refuse to render without an issuer:
		// the chart is linted as a user with an issuer has it
		LintResult result = new Helm(withIssuer(chart, copies)).lint().strict().call();

		assertThat(result.isFailed()).as("helm lint --strict %s: %s", chart, result.getMessages()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("charts")
	void refusesToRenderWithoutAnIssuer(String chart) {
		assertThatThrownBy(() -> new Helm(HELM.resolve(chart)).template().withName("test").call())
			.hasMessageContaining("security.issuerUri (or security.jwkSetUri) is required")
			.hasMessageContaining("security.enabled=false");
	}

	@ParameterizedTest
	@MethodSource("charts")
	@SuppressWarnings("unchecked")
	void rendersWithAnIssuer(String chart) {
		List<Map<String, Object>> objects = render(new Helm(HELM.resolve(chart)).template()
			.withName("test")
			.set(securityKey(chart) + ".issuerUri", ISSUER)
			.set(securityKey(chart) + ".audiences[0]", "task-platform")
			.call());

		assertThat(objects).allSatisfy((object) -> assertThat(object).containsKeys("apiVersion", "kind", "metadata"));
		assertThat(kinds(objects)).contains("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget");
		for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
			assertHardenedAndProbed(deployment);
		}
		assertThat(ofKind(objects, "ConfigMap")).isNotEmpty()
			.allSatisfy((config) -> assertThat((Map<String, Object>) config.get("data"))
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", ISSUER)
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", "task-platform")
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
				.containsKey("MANAGEMENT_SERVER_PORT"));
	}

	@Test
	void refusesAnIssuerCheckOrAnAudienceLeftOut() {
		assertThatThrownBy(() -> new Helm(HELM.resolve("task-api")).template()
			.withName("test")
			.set("security.jwkSetUri", ISSUER + "/keys")
			.set("security.audiences[0]", "task-platform")
			.call()).hasMessageContaining("security.issuer is required with security.jwkSetUri");
		assertThatThrownBy(() -> new Helm(HELM.resolve("task-api")).template()
			.withName("test")
			.set("security.issuerUri", ISSUER)
			.call()).hasMessageContaining("security.audiences is required");
	}

	@Test
	@SuppressWarnings("unchecked")
	void runsOpenOnlyWhenToldTo() {
		List<Map<String, Object>> objects = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("open")
			.set("global.security.enabled", false)
			.call());

		assertThat(ofKind(objects, "ConfigMap")).hasSize(4)
			.allSatisfy((config) -> assertThat(((Map<String, Object>) config.get("data")).keySet())
				.noneMatch((key) -> key.startsWith("SPRING_SECURITY_")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void rendersTheFleetWithProductionValues() {
		List<Map<String, Object>> objects = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("prod")
			.withValuesFile(HELM.resolve("production-values.yaml"))
			.call());

		assertThat(ofKind(objects, "Deployment")).hasSize(4).allSatisfy(HelmChartsTests::assertHardenedAndProbed);
		assertThat(ofKind(objects, "ServiceMonitor")).hasSize(4)
			.allSatisfy((monitor) -> assertThat(monitor.get("spec").toString()).contains("port=management",
					"path=/actuator/prometheus"));
		assertThat(ofKind(objects, "ConfigMap")).hasSize(4)
			.allSatisfy((config) -> assertThat((Map<String, Object>) config.get("data"))
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
						"https://login.example.org/realms/tasks")
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", "task-platform"));
		assertThat(ofKind(objects, "HorizontalPodAutoscaler")).hasSize(1);
		assertThat(ofKind(objects, "PodDisruptionBudget")).hasSize(4);
		// passwords come from the existing Secrets: the charts make none
		assertThat(ofKind(objects, "Secret")).isEmpty();
		Map<String, Object> taskApi = named(objects, "Deployment", "prod-task-api");
		assertThat(path(taskApi, "spec", "replicas")).isEqualTo(2);
		assertThat(container(taskApi).get("env").toString()).contains("SPRING_R2DBC_PASSWORD", "SPRING_FLYWAY_PASSWORD",
				"task-api-db");
		Map<String, Object> taskApiSettings = named(objects, "ConfigMap", "prod-task-api");
		assertThat((Map<String, Object>) taskApiSettings.get("data"))
			.containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://db.internal:5432/task_api")
			.containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://db.internal:5432/task_api")
			.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS",
					"kafka-0.kafka.messaging:9092,kafka-1.kafka.messaging:9092,kafka-2.kafka.messaging:9092");
		Map<String, Object> notification = named(objects, "Deployment", "prod-notification-service");
		assertThat(container(notification).get("env").toString()).contains("SPRING_DATASOURCE_PASSWORD",
				"NOTIFICATION_WEBHOOK_SECRET", "notification-db");
		assertThat(path(named(objects, "Deployment", "prod-audit-service"), "spec", "replicas")).isNull();
	}

	@Test
	@SuppressWarnings("unchecked")
	void alertRulesAreOffByDefaultAndCoverTheFleetWhenOn() {
		List<Map<String, Object>> off = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("alerts")
			.set("global.security.issuerUri", ISSUER)
			.set("global.security.audiences[0]", "task-platform")
			.call());
		List<Map<String, Object>> on = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("alerts")
			.set("global.security.issuerUri", ISSUER)
			.set("global.security.audiences[0]", "task-platform")
			.set("alerts.enabled", true)
			.set("alerts.labels.release", "prometheus")
			.set("alerts.outboxAgeSeconds", 120)
			.call());

		assertThat(ofKind(off, "PrometheusRule")).isEmpty();
		Map<String, Object> rule = ofKind(on, "PrometheusRule").get(0);
		assertThat(path(rule, "metadata", "labels").toString()).contains("release=prometheus");
		List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) path(rule, "spec",
				"groups"))
			.get(0)
			.get("rules");
		assertThat(rules).extracting((alert) -> alert.get("alert"))
			.containsExactly("TaskPlatformListenerDown", "TaskPlatformConsumerLagGrowing", "TaskPlatformOutboxOld",
					"TaskPlatformDeadLetters", "TaskPlatformWebhookBreakerOpen");
		assertThat(rules).allSatisfy((alert) -> {
			assertThat(path(alert, "labels", "severity")).isIn("warning", "critical");
			assertThat((String) path(alert, "annotations", "description")).contains("README");
		});
		assertThat(rules.get(2).get("expr").toString()).endsWith("> 120");
		assertThat(path(rules.get(0), "annotations", "summary").toString()).contains("{{ $labels.application }}");
	}

	@Test
	void developmentKafkaAndPostgresqlAreOptional() {
		List<Map<String, Object>> off = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("dev")
			.set("global.security.issuerUri", ISSUER)
			.set("global.security.audiences[0]", "task-platform")
			.call());
		List<Map<String, Object>> on = render(new Helm(HELM.resolve("taskplatform")).template()
			.withName("dev")
			.set("global.security.issuerUri", ISSUER)
			.set("global.security.audiences[0]", "task-platform")
			.set("kafka.enabled", true)
			.set("postgresql.enabled", true)
			.call());

		assertThat(ofKind(off, "StatefulSet")).isEmpty();
		assertThat(ofKind(on, "StatefulSet")).extracting((object) -> path(object, "metadata", "name"))
			.containsExactlyInAnyOrder("kafka", "postgresql");
	}

	@Test
	void aConfigChangeRollsThePods() {
		Object before = podAnnotations(new Helm(HELM.resolve("reminder-service")).template()
			.withName("r")
			.set("security.issuerUri", ISSUER)
			.set("security.audiences[0]", "task-platform")
			.call());
		Object after = podAnnotations(new Helm(HELM.resolve("reminder-service")).template()
			.withName("r")
			.set("security.issuerUri", ISSUER)
			.set("security.audiences[0]", "task-platform")
			.set("env.REMINDER_LEAD", "PT5M")
			.call());

		assertThat(before).isNotEqualTo(after);
	}

	private static Object podAnnotations(String manifests) {
		return path(ofKind(render(manifests), "Deployment").get(0), "spec", "template", "metadata", "annotations");
	}

	@SuppressWarnings("unchecked")
	private static void assertHardenedAndProbed(Map<String, Object> deployment) {
		Map<String, Object> pod = (Map<String, Object>) path(deployment, "spec", "template", "spec");
		assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true);
		Map<String, Object> container = container(deployment);
		Map<String, Object> security = (Map<String, Object>) container.get("securityContext");
		assertThat(security).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(security.get("capabilities").toString()).contains("drop=[ALL]");
		assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/livez");
		assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
		assertThat(container.get("ports").toString()).contains("name=http", "name=management");
		assertThat(container.get("volumeMounts").toString()).contains("mountPath=/tmp");
		assertThat(pod.get("volumes").toString()).contains("emptyDir");
		assertThat(container.get("envFrom").toString()).contains("configMapRef");
		assertThat(deployment.get("spec").toString()).contains("checksum/config", "checksum/secret");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> deployment) {
		return ((List<Map<String, Object>>) path(deployment, "spec", "template", "spec", "containers")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> render(String manifests) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml().loadAll(manifests)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return objects;
	}

	private static List<String> kinds(List<Map<String, Object>> objects) {
		return objects.stream().map((object) -> (String) object.get("kind")).toList();
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
		return ofKind(objects, kind).stream()
			.filter((object) -> name.equals(path(object, "metadata", "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> object, String... keys) {
		Object current = object;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = ((Map<String, Object>) map).get(key);
		}
		return current;
	}

}
