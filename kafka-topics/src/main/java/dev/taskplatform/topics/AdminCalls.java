package dev.taskplatform.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.taskplatform.topics.TopicProvisioning.KafkaUnreachableException;

/**
 * Runs the calls of {@link TopicProvisioning}, each with an admin client of its own that
 * is closed after it.
 */
final class AdminCalls {

	private AdminCalls() {
	}

	/**
	 * Runs a call with an admin client whose requests time out with {@code timeout}; a
	 * cluster that does not answer in time is a {@link KafkaUnreachableException}.
	 * @param <T> what the call returns
	 * @param adminConfig Kafka admin client settings (bootstrap servers, security)
	 * @param timeout how long the cluster may take to answer
	 * @param call what to do with the client
	 * @return what the call returned
	 */
	static <T> T withAdmin(Map<String, Object> adminConfig, Duration timeout, Call<T> call) {
		int timeoutMs = (int) timeout.toMillis();
		Map<String, Object> config = new HashMap<>(adminConfig);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		Object bootstrap = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		try (Admin admin = Admin.create(config)) {
			return call.apply(admin, timeoutMs);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaUnreachableException(bootstrap, timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnreachableException(bootstrap, timeout, ex);
		}
	}

	/**
	 * What to do with the admin client.
	 */
	@FunctionalInterface
	interface Call<T> {

		T apply(Admin admin, int timeoutMs) throws InterruptedException, ExecutionException, TimeoutException;

	}

}
