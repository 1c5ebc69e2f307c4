package io.integrationhub.order.orders;

import java.util.List;

/**
 * A client asked for something the order's state does not allow now (a semantic lock is held, or the order is
 * decided), or based its request on a version that is no longer current. The API answers 409 or 412 with the
 * order's current state and the actions it allows.
 */
public class OrderActionRefused extends RuntimeException {

    /** 409: the state does not allow the action; 412: the client's version is stale; 422: not on this order. */
    private final int status;
    private final OrderState state;
    private final List<OrderAction> allowedActions;
    private final int version;

    private OrderActionRefused(int status, String message, Order order) {
        super(message);
        this.status = status;
        this.state = order.state();
        this.allowedActions = List.copyOf(order.allowedActions());
        this.version = order.version();
    }

    static OrderActionRefused notAllowed(Order order, OrderAction action) {
        return new OrderActionRefused(409, "Order " + order.orderId() + " is " + order.state() + ": "
                + action.name().toLowerCase() + " is not allowed now" + (order.state().isPending()
                        ? " (another change is in progress)" : "") + ".", order);
    }

    static OrderActionRefused staleVersion(Order order, int version) {
        return new OrderActionRefused(412, "Order " + order.orderId() + " is at version " + order.version()
                + ", not " + version + ": read it again and decide on its current state.", order);
    }

    static OrderActionRefused unknownItem(Order order, String menuItemId) {
        return new OrderActionRefused(422, "Order " + order.orderId() + " has no line item '" + menuItemId + "'.",
                order);
    }

    public int status() {
        return status;
    }

    public OrderState state() {
        return state;
    }

    public List<OrderAction> allowedActions() {
        return allowedActions;
    }

    public int version() {
        return version;
    }
}
