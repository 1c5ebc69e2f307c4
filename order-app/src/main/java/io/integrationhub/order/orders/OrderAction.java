package io.integrationhub.order.orders;

/** What a client may ask of an order in its current state ({@link Order#allowedActions()}). */
public enum OrderAction {
    CANCEL, REVISE
}
