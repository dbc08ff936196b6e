package dev.taskplatform.taskapi.outbox;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The outbox's own database connections, apart from the pool the requests share. Under
 * request overload that pool is exhausted and requests are shed after
 * {@code spring.r2dbc.pool.max-acquire-time}; the relay must not be shed with them, or
 * the backlog grows while the API is busiest. The relay holds one connection of the
 * driver's for its lock; the upkeep (gauges, purge) has a small pool.
 */
@Component
class RelayConnections implements DisposableBean {

	private final ConnectionFactory driver;

	private final @Nullable ConnectionPool pool;

	private final DatabaseClient upkeep;

	RelayConnections(ConnectionFactory connections, OutboxProperties properties) {
		// the application's factory is a pool around the driver's: the relay's
		// connections come from the same driver factory (same URL and credentials)
		if (connections instanceof ConnectionPool requestPool && requestPool instanceof Wrapped<?> wrapped
				&& wrapped.unwrap() instanceof ConnectionFactory unwrapped) {
			this.driver = unwrapped;
			this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(unwrapped)
				.name("outbox-upkeep")
				.initialSize(1)
				.maxSize(properties.relayConnections())
				.build());
		}
		else {
			this.driver = connections;
			this.pool = null;
		}
		this.upkeep = DatabaseClient.create((this.pool != null) ? this.pool : connections);
	}

	/** Where the relay opens the connection that holds its lock. */
	ConnectionFactory driver() {
		return this.driver;
	}

	/** For the gauges and the purge. */
	DatabaseClient upkeep() {
		return this.upkeep;
	}

	@Override
	public void destroy() {
		if (this.pool != null) {
			this.pool.dispose();
		}
	}

}
