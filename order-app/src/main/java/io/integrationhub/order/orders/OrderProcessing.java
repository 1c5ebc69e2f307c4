package io.integrationhub.order.orders;

/**
 * What runs an accepted order to its decision (the create-order saga). Called inside the intake transaction, so the
 * order, its events and the first commands of its saga commit together. An interface here so that the domain does
 * not depend on the saga package that depends on it.
 */
public interface OrderProcessing {

    void begin(Order order, String traceParent);
}
