package dev.taskplatform.taskapi.outbox;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The relay's own database connections, apart from the pool the requests share. Under
 * request overload that pool is exhausted and requests are shed after
 * {@code spring.r2dbc.pool.max-acquire-time}; the relay must not be shed with them, or
 * the backlog grows while the API is busiest.
 */
@Component
class RelayConnections implements DisposableBean {

	private final @Nullable ConnectionPool pool;

	private final DatabaseClient database;

	private final TransactionalOperator transaction;

	RelayConnections(ConnectionFactory connections, OutboxProperties properties) {
		// the application's factory is a pool around the driver's: a second, small pool
		// around the same driver factory (same URL and credentials)
		if (connections instanceof ConnectionPool requestPool && requestPool instanceof Wrapped<?> wrapped
				&& wrapped.unwrap() instanceof ConnectionFactory driver) {
			this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
				.name("outbox-relay")
				.initialSize(1)
				.maxSize(properties.relayConnections())
				.build());
		}
		else {
			this.pool = null;
		}
		ConnectionFactory relay = (this.pool != null) ? this.pool : connections;
		this.database = DatabaseClient.create(relay);
		this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(relay));
	}

	DatabaseClient database() {
		return this.database;
	}

	TransactionalOperator transaction() {
		return this.transaction;
	}

	@Override
	public void destroy() {
		if (this.pool != null) {
			this.pool.dispose();
		}
	}

}
