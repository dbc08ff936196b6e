package dev.taskplatform.taskapi.outbox;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * One database session that competes for the relay lock, a PostgreSQL advisory lock: the
 * relay that holds it is the only one of the database's replicas that publishes. The lock
 * lives as long as the session, so a relay that dies (even by kill -9) or loses its
 * connection gives it up at once, and a relay cut off from the database loses it after
 * {@code leader-timeout} ({@code idle_session_timeout}; the leader's statements keep its
 * session busy well within that).
 */
final class RelayLock {

	private static final Logger logger = LoggerFactory.getLogger(RelayLock.class);

	/** The advisory lock's key, per database: "outbox-r" in ASCII. */
	static final long KEY = 0x6f7574626f782d72L;

	private final Connection connection;

	private final DatabaseClient database;

	private RelayLock(Connection connection, DatabaseClient database) {
		this.connection = connection;
		this.database = database;
	}

	/** Opens a session for the relay and sets it up. */
	static Mono<RelayLock> open(ConnectionFactory driver, Duration leaderTimeout) {
		return Mono.from(driver.create()).flatMap((connection) -> {
			DatabaseClient database = DatabaseClient
				.create(new SingleConnectionFactory(connection, driver.getMetadata(), true));
			RelayLock lock = new RelayLock(connection, database);
			// the mark is written often and may be lost in a database crash: the relay
			// then publishes a few rows again, which at-least-once allows
			return database.sql("SELECT set_config('synchronous_commit', 'off', false)")
				.then()
				.then(lock.limitIdleTime(leaderTimeout))
				.thenReturn(lock)
				.onErrorResume((ex) -> lock.close().then(Mono.error(ex)));
		});
	}

	private Mono<Void> limitIdleTime(Duration leaderTimeout) {
		return this.database.sql("SELECT set_config('idle_session_timeout', :timeout, false)")
			.bind("timeout", String.valueOf(leaderTimeout.toMillis()))
			.then()
			.onErrorResume((ex) -> {
				logger.warn("PostgreSQL has no idle_session_timeout (before 14): a relay cut off from the database "
						+ "keeps the relay lock until TCP gives up on its connection ({})", ex.getMessage());
				return Mono.empty();
			});
	}

	/** Takes the lock if no other session holds it. */
	Mono<Boolean> tryLock() {
		return this.database.sql("SELECT pg_try_advisory_lock(:key) AS locked")
			.bind("key", KEY)
			.map((row) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one();
	}

	/** The session, for the statements of the relay that holds the lock. */
	DatabaseClient database() {
		return this.database;
	}

	/** Ends the session, and with it the lock. */
	Mono<Void> close() {
		return Mono.from(this.connection.close()).onErrorResume((ex) -> Mono.empty());
	}

}
