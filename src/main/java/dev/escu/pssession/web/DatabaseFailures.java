package dev.escu.pssession.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that is away (or went away mid-request) from a real failure, whatever wraps
 * it: a query cut off by a stopping server, for instance, surfaces as a failed rollback.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof SQLTransientConnectionException
                    // a rollback or commit that could not reach the database: the connection broke under it
                    || t instanceof org.hibernate.TransactionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P01-57P03: the server is shutting down or starting
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database answers but none of the pool's connections came free in time: HikariCP's
     * timeout carries the last failure to connect as its cause, and none when every connection is in use.
     */
    public static boolean poolExhausted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null;
            }
        }
        return false;
    }
}
