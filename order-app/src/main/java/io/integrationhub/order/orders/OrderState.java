package io.integrationhub.order.orders;

/**
 * States of an order. The {@code *_PENDING} states and the validation states before VALIDATED are held while a
 * saga decides: the order is not yet APPROVED or REJECTED and offers no actions. Only {@link Order} moves an order
 * from one state to another.
 */
public enum OrderState {
    APPROVAL_PENDING, CONSUMER_VALIDATED, ORDER_DETAILS_VALIDATED, VALIDATED, APPROVED, REJECTED,
    CANCEL_PENDING, CANCELLED, REVISION_PENDING;

    /** Still being approved: the create-order saga has not decided yet. */
    public boolean isAwaitingApproval() {
        return this == APPROVAL_PENDING || this == CONSUMER_VALIDATED || this == ORDER_DETAILS_VALIDATED
                || this == VALIDATED;
    }

    /** A semantic lock: a saga holds the order and conflicting requests are refused. */
    public boolean isPending() {
        return isAwaitingApproval() || this == CANCEL_PENDING || this == REVISION_PENDING;
    }
}
