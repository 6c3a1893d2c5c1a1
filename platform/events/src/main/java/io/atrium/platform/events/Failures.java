package io.atrium.platform.events;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import tools.jackson.core.JacksonException;

/**
 * Sorts a failure into what to do about it, the same way for consumers (retry forever, dead-letter at once, or retry a
 * few times) and for web requests (503 with {@code Retry-After} when transient). See docs/events.md.
 */
public final class Failures {

    public enum Kind {
        /** A dependency is away or busy (database, broker, network, lock or serialization conflict): try again later. */
        TRANSIENT,
        /** The record itself can never be processed (not an event, unreadable, breaks its schema). */
        POISON,
        /** Anything else, typically a bug: worth a few more tries, not an unbounded wait. */
        OTHER
    }

    /**
     * SQLState classes and codes that mean "not now" rather than "never": connection exceptions (08), transaction
     * rollbacks such as serialization failures and deadlocks (40), insufficient resources (53), operator intervention
     * such as a shutdown or a cancelled statement (57), and a lock that could not be taken in time (55P03).
     */
    private static final List<String> TRANSIENT_SQL_STATES = List.of("08", "40", "53", "57", "55P03");

    private static final List<Class<? extends Throwable>> TRANSIENT_TYPES = List.of(
            TransientDataAccessException.class,
            RecoverableDataAccessException.class,
            DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class,
            SQLTransientException.class,
            SQLRecoverableException.class,
            RetriableException.class,
            SocketException.class,
            SocketTimeoutException.class,
            java.util.concurrent.TimeoutException.class);

    private static final List<Class<? extends Throwable>> POISON_TYPES = List.of(
            MalformedEventException.class,
            InvalidEventException.class,
            DeserializationException.class,
            ConversionException.class,
            org.springframework.messaging.converter.MessageConversionException.class,
            org.apache.kafka.common.errors.SerializationException.class,
            JacksonException.class,
            ClassCastException.class);

    private Failures() {}

    /**
     * Transient when any exception in the chain is: judged by the first SQLState found if there is one (Spring maps
     * some permanent states, e.g. class 54 "program limit exceeded", to resource failures), else by type.
     */
    public static Kind classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        String sqlState = chain.stream()
                .filter(t -> t instanceof SQLException sql && sql.getSQLState() != null)
                .map(t -> ((SQLException) t).getSQLState())
                .findFirst()
                .orElse(null);
        boolean isTransient = sqlState != null
                ? TRANSIENT_SQL_STATES.stream().anyMatch(sqlState::startsWith)
                : chain.stream().anyMatch(t -> TRANSIENT_TYPES.stream().anyMatch(type -> type.isInstance(t)));
        if (isTransient) {
            return Kind.TRANSIENT;
        }
        if (chain.stream().anyMatch(t -> POISON_TYPES.stream().anyMatch(type -> type.isInstance(t)))) {
            return Kind.POISON;
        }
        return Kind.OTHER;
    }

    public static boolean isTransient(Throwable failure) {
        return classify(failure) == Kind.TRANSIENT;
    }

    /**
     * The failure, its causes, the next exceptions of SQL exceptions, and the exception a transaction was rolling back
     * for when the rollback itself failed (a connection cut mid-transaction fails the statement, then the rollback; the
     * statement's exception is the telling one, and it is not a cause).
     */
    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable t = pending.removeFirst();
            if (!seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
                pending.addFirst(tx.getApplicationException());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.addLast(sql.getNextException());
            }
            if (t.getCause() != null) {
                pending.addLast(t.getCause());
            }
        }
        return chain;
    }
}
