package io.integrationhub.routes.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unreachable database at start-up into a two-line explanation instead of a stack trace. */
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnreachableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start PostgreSQL (e.g. 'pg_ctlcluster --skip-systemctl-redirect 15 main start') or point the service"
                        + " at a reachable one with DB_URL, DB_USER and DB_PASSWORD.",
                cause);
    }
}
