package io.integrationhub.order.saga;

import java.time.OffsetDateTime;

/** One command a saga sent, in {@code orders.saga_step}: the step log. */
public record SagaStepRecord(long id, String sagaId, int step, String stepName, String direction, String participant,
        String commandType, String commandMessageId, int attempt, String outcome, String replyType,
        String replyMessageId, String detail, OffsetDateTime sentAt, OffsetDateTime repliedAt) {

    static final String FORWARD = "FORWARD";
    static final String COMPENSATION = "COMPENSATION";

    static final String SENT = "SENT";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String TIMED_OUT = "TIMED_OUT";
    static final String SUPERSEDED = "SUPERSEDED";

    boolean isForward() {
        return FORWARD.equals(direction);
    }

    boolean isWaiting() {
        return SENT.equals(outcome);
    }
}
