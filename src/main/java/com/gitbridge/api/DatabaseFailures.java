package com.gitbridge.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Tells a failure of the database itself (down, unreachable, shutting down) from a failure of one statement. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P: the server is shutting down or starting.
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // A rollback that fails against the connection: the connection broke, and the rollback's failure has
            // replaced the statement's (whose SQLSTATE said so).
            if (cause instanceof org.hibernate.TransactionException && cause.getCause() instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}
