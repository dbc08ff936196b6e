package dev.taskplatform.testinfra;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Where a server comes from, in order of preference.
 */
enum Source {

	/** Connection settings from the environment: an existing server or cluster. */
	EXTERNAL,

	/** A container started through Testcontainers. */
	TESTCONTAINERS,

	/** An in-process or child-process server that needs only a JDK. */
	EMBEDDED;

	private static final Logger logger = LoggerFactory.getLogger(Source.class);

	/** Set to {@code embedded} to skip the Docker probe even where an engine runs. */
	static final String MODE_VARIABLE = "TEST_INFRA_MODE";

	private static @Nullable Boolean dockerAvailable;

	static Source choose(Map<String, String> environment, String externalVariable) {
		if (hasText(environment.get(externalVariable))) {
			return EXTERNAL;
		}
		if ("embedded".equalsIgnoreCase(environment.get(MODE_VARIABLE))) {
			return EMBEDDED;
		}
		return dockerAvailable() ? TESTCONTAINERS : EMBEDDED;
	}

	private static synchronized boolean dockerAvailable() {
		if (dockerAvailable == null) {
			boolean available;
			try {
				available = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException | LinkageError ex) {
				available = false;
			}
			if (!available) {
				logger.info("No Docker engine: using embedded Kafka and PostgreSQL");
			}
			dockerAvailable = available;
		}
		return dockerAvailable;
	}

	static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
