package dev.taskplatform.consumer;

import java.net.ConnectException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells failures that go away by themselves (the database restarting, a connection lost)
 * from failures of the record itself.
 */
public final class TransientFailures {

	private TransientFailures() {
	}

	/**
	 * Whether the failure, or any of its causes, is transient.
	 * @param failure what a listener threw
	 * @return {@code true} for database outages and lost connections
	 */
	public static boolean isTransient(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause != null) {
			if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof RecoverableDataAccessException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || cause instanceof ConnectException) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

}
