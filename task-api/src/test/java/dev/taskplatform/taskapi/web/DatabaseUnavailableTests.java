package dev.taskplatform.taskapi.web;

import java.net.ConnectException;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

	private static final DataAccessResourceFailureException NO_CONNECTION = new DataAccessResourceFailureException(
			"Failed to obtain R2DBC Connection",
			new R2dbcNonTransientResourceException("Cannot connect", new ConnectException("Connection refused")));

	private static final DataAccessResourceFailureException CUT_MID_STATEMENT = new DataAccessResourceFailureException(
			"executeMany; SQL [INSERT …]; terminating connection due to administrator command",
			new R2dbcNonTransientResourceException("terminating connection due to administrator command", "57P01"));

	@Test
	void connectionFailuresAndLostConnectionsAreTheDatabaseBeingAway() {
		assertThat(DatabaseUnavailable.isCause(NO_CONNECTION)).isTrue();
		assertThat(DatabaseUnavailable.isCause(CUT_MID_STATEMENT)).isTrue();
		assertThat(DatabaseUnavailable.isCause(new CannotCreateTransactionException("begin failed"))).isTrue();
		assertThat(DatabaseUnavailable.isCause(new IllegalStateException("wrapped",
				new R2dbcTransientException("the database system is shutting down", "57P03") {
				})))
			.isTrue();
	}

	@Test
	void aConnectionRefusedByTheServerIsTheDatabaseBeingAwayWhateverItsSqlState() {
		assertThat(
				DatabaseUnavailable.isCause(
						new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
								new R2dbcNonTransientResourceException(
										"database \"tasks\" is not currently accepting connections", "55000"))))
			.isTrue();
	}

	@Test
	void errorsTheDriverReportsAsResourceExceptionsAreJudgedByTheirSqlState() {
		// r2dbc-postgresql reports any SQLSTATE it does not name this way
		assertThat(DatabaseUnavailable.isCause(new DataAccessResourceFailureException("executeMany; SQL [...]",
				new R2dbcNonTransientResourceException("canceling statement due to statement timeout", "57014"))))
			.isFalse();
		assertThat(DatabaseUnavailable.isCause(new DataAccessResourceFailureException("executeMany; SQL [...]",
				new R2dbcNonTransientResourceException("internal error", "XX000"))))
			.isFalse();
		// the connection closed under the driver: no SQLSTATE
		assertThat(DatabaseUnavailable.isCause(new DataAccessResourceFailureException("executeMany; SQL [...]",
				new R2dbcNonTransientResourceException("Cannot exchange messages because the connection is closed"))))
			.isTrue();
	}

	@Test
	void otherDatabaseErrorsAreNot() {
		assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DatabaseUnavailable.isCause(new R2dbcBadGrammarException("syntax error", "42601"))).isFalse();
		assertThat(DatabaseUnavailable.isCause(new IllegalStateException("a bug"))).isFalse();
	}

	@Test
	void aChangeIsInDoubtUnlessNoStatementWasSent() {
		assertThat(DatabaseUnavailable.inDoubt(CUT_MID_STATEMENT, HttpMethod.POST)).isTrue();
		assertThat(DatabaseUnavailable.inDoubt(NO_CONNECTION, HttpMethod.POST)).isFalse();
		assertThat(DatabaseUnavailable.inDoubt(new CannotCreateTransactionException("begin failed"), HttpMethod.POST))
			.isFalse();
	}

	@Test
	void aReadIsNeverInDoubt() {
		assertThat(DatabaseUnavailable.inDoubt(CUT_MID_STATEMENT, HttpMethod.GET)).isFalse();
	}

	@Test
	void theProblemNeverClaimsNothingWasStoredWhenInDoubt() {
		assertThat(DatabaseUnavailable.problem(true).getDetail()).contains("may or may not have been stored")
			.doesNotContain("nothing was stored");
		assertThat(DatabaseUnavailable.problem(false).getDetail()).contains("nothing was stored");
		assertThat(DatabaseUnavailable.problem(true).getProperties()).containsEntry("inDoubt", true);
	}

}
