package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What runs an order change to its decision: the create-order, cancel-order and revise-order sagas. Called inside the
 * transaction that changed the order, so the order, its events and the first commands of its saga commit together.
 * An interface here so that the domain does not depend on the saga package that depends on it.
 */
public interface OrderProcessing {

    /** A new order (APPROVAL_PENDING). */
    void begin(Order order, String traceParent);

    /** An order locked in CANCEL_PENDING. */
    void cancel(Order order, String traceParent);

    /** An order locked in REVISION_PENDING, to get these quantities and this total. */
    void revise(Order order, Map<String, Integer> quantities, BigDecimal newTotal, String traceParent);
}
