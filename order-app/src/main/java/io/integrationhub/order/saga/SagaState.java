package io.integrationhub.order.saga;

/**
 * RUNNING (forward steps) → COMPLETED; or, after a refusal or a step past its deadline, COMPENSATING (undoing the
 * completed steps in reverse) → COMPENSATED; a compensation that keeps failing ends in FAILED for an operator.
 */
public enum SagaState {
    RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED;

    /** Still waiting for replies: has a deadline and is scanned. */
    public boolean isActive() {
        return this == RUNNING || this == COMPENSATING;
    }
}
