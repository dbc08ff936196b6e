package dev.taskplatform.taskapi.web;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The answer to a request that failed because PostgreSQL could not be reached or dropped
 * the connection (a restart, a failover, a network cut): 503 with {@code Retry-After}, an
 * outage on our side, not the client's fault.
 * <p>
 * Whether anything was stored depends on where the failure struck. A request that never
 * got a connection changed nothing. A change whose statement was sent when the connection
 * dropped is <em>in doubt</em>: PostgreSQL may have committed it before the answer was
 * lost. Then the problem says so ({@code inDoubt: true}) and tells the client how to
 * retry safely: a creation with the same {@code Idempotency-Key} answers with the task if
 * it was stored (and creates it if not); a completion can always be repeated.
 */
final class DatabaseUnavailable {

	/**
	 * Spring's message when {@code ConnectionFactoryUtils} could not get a connection.
	 */
	private static final String NO_CONNECTION = "Failed to obtain R2DBC Connection";

	private DatabaseUnavailable() {
	}

	/**
	 * Whether the failure, or any of its causes, is the database being unreachable or
	 * losing the connection. A connection that could not be obtained always is (whatever
	 * PostgreSQL answered: not accepting connections, starting up, too many). Otherwise
	 * an error that PostgreSQL reported decides by its SQLSTATE: r2dbc-postgresql reports
	 * every SQLSTATE it does not name (a statement timeout, an internal error) as a
	 * "resource" exception, which is no outage. Only an error without a SQLSTATE (the
	 * connection closed under the driver) is judged by its type.
	 * @param failure what the request failed with
	 * @return {@code true} for connection failures
	 */
	static boolean isCause(Throwable failure) {
		if (noConnection(failure)) {
			return true;
		}
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
					&& !r2dbc.getSqlState().isEmpty()) {
				return connectionLost(r2dbc.getSqlState());
			}
		}
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
					|| cause instanceof ClosedChannelException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shutting down,
	 * crashed, or not accepting connections yet).
	 */
	private static boolean connectionLost(String sqlState) {
		return sqlState.startsWith("08") || sqlState.startsWith("57P0");
	}

	/**
	 * Whether the failure shows that no statement was sent: no connection was obtained,
	 * or no transaction could be begun.
	 */
	private static boolean noConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof ConnectException
					|| (cause instanceof DataAccessResourceFailureException
							&& NO_CONNECTION.equals(cause.getMessage()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a change may have been stored: a request that changes something, unless the
	 * failure shows that no statement was sent (no connection was obtained, or no
	 * transaction could be begun).
	 * @param failure what the request failed with
	 * @param method the request's method
	 * @return {@code true} when the client cannot know whether its change was stored
	 */
	static boolean inDoubt(Throwable failure, @Nullable HttpMethod method) {
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return false;
		}
		return !noConnection(failure);
	}

	static ProblemDetail problem(boolean inDoubt) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, inDoubt
				? "The database became unreachable while the change was being written: it may or may not have been "
						+ "stored. Retrying is safe with the same Idempotency-Key (a creation stored before answers "
						+ "with its task instead of creating another) and for a completion; a creation sent without "
						+ "an Idempotency-Key may have created the task."
				: "The database is unreachable; the request was not processed and nothing was stored. Retry shortly.");
		problem.setTitle("Database unavailable");
		problem.setProperty("inDoubt", inDoubt);
		return problem;
	}

	static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		return headers;
	}

	private static @Nullable Throwable next(Throwable cause) {
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

}
