package dev.taskplatform.testinfra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * What the cluster knows about a consumer group, to check that a service consumes under
 * the group it is meant to, and what it has committed.
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

	/**
	 * How many records of a partition the group has not committed yet.
	 * @param bootstrapServers the cluster
	 * @param groupId the group
	 * @param partition the partition
	 * @return the partition's end offset minus the group's committed offset (all of it
	 * when nothing is committed)
	 */
	public static long lag(String bootstrapServers, String groupId, TopicPartition partition) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS)
				.get(partition);
			long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
				.partitionResult(partition)
				.get(10, TimeUnit.SECONDS)
				.offset();
			return end - ((committed != null) ? committed.offset() : 0);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not read the offsets of consumer group " + groupId, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
