package io.integrationhub.order.orders;

/** States of an order (DESIGN.md §4); the *_PENDING states are semantic locks. */
public enum OrderState {
    APPROVAL_PENDING, CONSUMER_VALIDATED, ORDER_DETAILS_VALIDATED, VALIDATED, APPROVED, REJECTED,
    CANCEL_PENDING, CANCELLED, REVISION_PENDING
}
