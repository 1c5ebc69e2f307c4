package io.integrationhub.partners.accounting;

/** Not an error: the command is put back on its channel for a later attempt (see AccountingRoutes). */
public class DeferCommand extends RuntimeException {

    private final long firstAttemptAt;

    public DeferCommand(String reason, long firstAttemptAt) {
        super(reason);
        this.firstAttemptAt = firstAttemptAt;
    }

    public long firstAttemptAt() {
        return firstAttemptAt;
    }
}
