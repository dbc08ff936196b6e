package dev.taskplatform.taskapi;

import java.util.ArrayList;
import java.util.List;

import dev.taskplatform.testinfra.KafkaServer;
import dev.taskplatform.testinfra.PostgresDatabase;
import dev.taskplatform.testinfra.PostgresServer;
import dev.taskplatform.testinfra.SpringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs task-api on the test infrastructure (embedded Kafka and PostgreSQL unless
 * connection settings are given), for trying it out before the whole fleet can be run:
 * {@code ./mvnw -pl task-api spring-boot:test-run}. On Ctrl-C (SIGTERM) task-api shuts
 * down first, draining its relay while the broker is still there, then the servers stop.
 */
public final class LocalTaskApi {

	private static final Logger logger = LoggerFactory.getLogger(LocalTaskApi.class);

	private LocalTaskApi() {
	}

	public static void main(String[] args) {
		PostgresServer postgres = PostgresServer.start(System.getenv());
		KafkaServer kafka = KafkaServer.start(System.getenv());
		PostgresDatabase database = postgres.createDatabase("task_api");
		List<String> arguments = new ArrayList<>(
				List.of(SpringProperties.asArguments(SpringProperties.r2dbc(database, kafka.bootstrapServers()))));
		arguments.addAll(List.of(args));
		SpringApplication application = new SpringApplication(TaskApiApplication.class);
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context;
		try {
			context = application.run(arguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			kafka.close();
			postgres.close();
			throw ex;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			context.close();
			kafka.close();
			postgres.close();
		}, "local-task-api-shutdown"));
		logger.info(
				"task-api on PostgreSQL {} and Kafka {}; try: curl -i -H 'Content-Type: application/json' "
						+ "-d '{\"title\":\"Try the outbox\"}' http://localhost:{}/tasks",
				database.jdbcUrl(), kafka.bootstrapServers(),
				context.getEnvironment().getProperty("local.server.port"));
	}

}
