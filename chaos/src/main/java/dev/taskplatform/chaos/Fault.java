package dev.taskplatform.chaos;

import java.time.Duration;
import java.time.Instant;

import dev.taskplatform.fleet.LocalFleet;

/**
 * One thing that goes wrong, and how it is put right.
 *
 * @param name how the report names it
 * @param down how long it lasts before it is put right
 * @param inject what goes wrong
 * @param heal what puts it right (returns once the part is back)
 */
record Fault(String name, Duration down, Action inject, Action heal) {

	static Fault kill(String service, Duration down) {
		return new Fault("kill -9 " + service, down, (fleet) -> fleet.kill(service), (fleet) -> fleet.restart(service));
	}

	static final String KAFKA_OUTAGE = "Kafka broker outage";

	static Fault kafkaOutage(Duration down) {
		return new Fault(KAFKA_OUTAGE, down, LocalFleet::stopKafka, LocalFleet::startKafka);
	}

	static Fault postgresRestart(Duration down) {
		return new Fault("PostgreSQL restart", down, LocalFleet::stopPostgres, LocalFleet::startPostgres);
	}

	/** Something done to the fleet. */
	interface Action {

		void on(LocalFleet fleet);

	}

	/**
	 * When a fault was in effect: from its injection until its part was back, plus the
	 * grace the clients need to reconnect.
	 *
	 * @param name the fault
	 * @param start when it was injected
	 * @param healed when its part was back
	 */
	record Window(String name, Instant start, Instant healed) {

		static final Duration GRACE = Duration.ofSeconds(10);

		boolean covers(Instant at) {
			return !at.isBefore(this.start) && !at.isAfter(this.healed.plus(GRACE));
		}

	}

}
