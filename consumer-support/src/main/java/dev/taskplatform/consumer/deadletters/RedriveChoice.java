package dev.taskplatform.consumer.deadletters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.taskplatform.consumer.deadletters.DeadLetterAnswers.Refused;

/**
 * Chooses what one redrive sends: of the dead letters its scan reads, the newest copy of
 * each (a record that failed again after a redrive is in the topic twice, and its count
 * is in the later copy), less those {@link Redriver} refuses. The older copies and the
 * refused ones are kept with why, older copies first.
 */
final class RedriveChoice {

	private final Map<String, ConsumerRecord<byte[], byte[]>> newest = new LinkedHashMap<>();

	private final List<Refused> refused = new ArrayList<>();

	/**
	 * Takes a dead letter the scan read: an older copy of it taken before is refused.
	 * @param record the dead letter
	 * @return {@code true}: the scan goes on
	 */
	boolean take(ConsumerRecord<byte[], byte[]> record) {
		ConsumerRecord<byte[], byte[]> older = this.newest.remove(Redriver.identity(record));
		if (older != null) {
			this.refused.add(Refused.of(older, "a later copy of it (offset " + record.offset() + ") is chosen"));
		}
		this.newest.put(Redriver.identity(record), record);
		return true;
	}

	/**
	 * The newest copies that may be sent, in the order they were read; the others join
	 * the refused. Asked once, when the scan is done.
	 * @param redriver what refuses a dead letter
	 * @param destination the topic they are sent to
	 * @return the records to send
	 */
	List<ConsumerRecord<byte[], byte[]>> chosen(Redriver redriver, String destination) {
		List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : this.newest.values()) {
			String refusal = redriver.refusal(record, destination);
			if (refusal != null) {
				this.refused.add(Refused.of(record, refusal));
			}
			else {
				chosen.add(record);
			}
		}
		return chosen;
	}

	/** The dead letters not sent, and why. */
	List<Refused> refused() {
		return this.refused;
	}

}
