package dev.taskplatform.testinfra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * What the cluster knows about a consumer group, to check that a service consumes under
 * the group it is meant to.
 */
public final class ConsumerGroups {

	private ConsumerGroups() {
	}

	/**
	 * The number of members the group has right now.
	 * @param bootstrapServers the cluster
	 * @param groupId the group
	 * @return its members (0 for an unknown or empty group)
	 */
	public static int members(String bootstrapServers, String groupId) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
				.all()
				.get(10, TimeUnit.SECONDS)
				.get(groupId);
			return (group != null) ? group.members().size() : 0;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not describe consumer group " + groupId, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
