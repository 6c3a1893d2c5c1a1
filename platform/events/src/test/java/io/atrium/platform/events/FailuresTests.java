package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** How the platform sorts the failures it meets, as the database driver, Hikari, Spring and Kafka report them. */
class FailuresTests {

    static Stream<Arguments> failures() {
        return Stream.of(
                // Hikari's pool timeout while PostgreSQL refuses connections, at the start of a transaction.
                Arguments.of(
                        new CannotCreateTransactionException(
                                "Could not open JDBC Connection for transaction",
                                new SQLTransientConnectionException(
                                        "HikariPool-1 - Connection is not available, request timed out after 2000ms",
                                        "08001",
                                        new PSQLException(
                                                "Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))),
                        Failures.Kind.TRANSIENT),
                Arguments.of(
                        new CannotGetJdbcConnectionException(
                                "Failed to obtain JDBC Connection", new SQLTransientConnectionException("timed out")),
                        Failures.Kind.TRANSIENT),
                // A connection cut in the middle of a statement, and a server shutting down.
                Arguments.of(
                        new DataAccessResourceFailureException(
                                "I/O error", new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE)),
                        Failures.Kind.TRANSIENT),
                Arguments.of(
                        new DataAccessResourceFailureException(
                                "terminating connection", new SQLException("admin shutdown", "57P01")),
                        Failures.Kind.TRANSIENT),
                // A connection cut mid-transaction: the statement fails, then the rollback on the closed connection.
                Arguments.of(
                        rollbackFailedAfter(new PSQLException(
                                "An I/O error occurred while sending to the backend", PSQLState.CONNECTION_FAILURE)),
                        Failures.Kind.TRANSIENT),
                // Deadlock, serialization failure, statement timeout, too many connections.
                Arguments.of(
                        new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01")),
                        Failures.Kind.TRANSIENT),
                Arguments.of(wrapped(new SQLException("could not serialize", "40001")), Failures.Kind.TRANSIENT),
                Arguments.of(new QueryTimeoutException("statement timeout"), Failures.Kind.TRANSIENT),
                Arguments.of(wrapped(new SQLException("too many clients", "53300")), Failures.Kind.TRANSIENT),
                // The broker and the network.
                Arguments.of(
                        new org.apache.kafka.common.errors.TimeoutException("metadata not available"),
                        Failures.Kind.TRANSIENT),
                Arguments.of(
                        new IllegalStateException("lookup failed", new ConnectException("Connection refused")),
                        Failures.Kind.TRANSIENT),
                // The SQLState decides over the type: Spring calls class 54 a resource failure, but it never passes.
                Arguments.of(
                        new DataAccessResourceFailureException(
                                "too complex", new SQLException("statement too complex", "54001")),
                        Failures.Kind.OTHER),
                Arguments.of(
                        new DataIntegrityViolationException("duplicate", new SQLException("unique", "23505")),
                        Failures.Kind.OTHER),
                // Records that can never be processed.
                Arguments.of(
                        new ListenerExecutionFailedException(
                                "Listener failed", new MalformedEventException("Not a CloudEvents 1.0 JSON event")),
                        Failures.Kind.POISON),
                Arguments.of(
                        new InvalidEventException("crm.probe.changed.v1", List.of("note: too long")),
                        Failures.Kind.POISON),
                Arguments.of(new DeserializationException("bad", new byte[0], false, null), Failures.Kind.POISON),
                // A bug.
                Arguments.of(
                        new ListenerExecutionFailedException("Listener failed", new IllegalStateException("a bug")),
                        Failures.Kind.OTHER),
                Arguments.of(new NullPointerException(), Failures.Kind.OTHER));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifies(Exception failure, Failures.Kind expected) {
        assertThat(Failures.classify(failure)).as("%s", failure).isEqualTo(expected);
        assertThat(Failures.isTransient(failure)).isEqualTo(expected == Failures.Kind.TRANSIENT);
    }

    private static TransactionSystemException rollbackFailedAfter(SQLException statementFailure) {
        TransactionSystemException rollbackFailed =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(
                new DataAccessResourceFailureException("insert failed", statementFailure));
        return rollbackFailed;
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new org.springframework.jdbc.UncategorizedSQLException("statement", "select 1", cause);
    }
}
