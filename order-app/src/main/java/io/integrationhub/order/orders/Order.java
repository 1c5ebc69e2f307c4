package io.integrationhub.order.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The order aggregate: the one place that decides whether a state change is allowed, and which actions a client may
 * take in a state. Each change records the event that announces it; {@link OrderRepository#save} writes the new state
 * and those events to the outbox in the caller's transaction.
 *
 * <p>Repeating a change that already happened is a no-op (replies may be delivered twice); a change the state does not
 * allow throws {@link IllegalStateException}: it means a saga asked for something impossible, a bug, not bad input.
 */
public final class Order {

    /** orders.order_total is numeric(12,2). */
    public static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    private final long id;
    private final String consumerId;
    private final String restaurantId;
    private final List<LineItem> lineItems;
    private final BigDecimal orderTotal;
    private final String deliveryAddress;
    private final OffsetDateTime deliveryTime;
    private final int version;
    private OrderState state;
    private String rejectionReason;
    private final List<OrderMessages.Event> events = new ArrayList<>();

    Order(long id, String consumerId, String restaurantId, List<LineItem> lineItems, BigDecimal orderTotal,
            String deliveryAddress, OffsetDateTime deliveryTime, OrderState state, String rejectionReason,
            int version) {
        this.id = id;
        this.consumerId = consumerId;
        this.restaurantId = restaurantId;
        this.lineItems = List.copyOf(lineItems);
        this.orderTotal = orderTotal;
        this.deliveryAddress = deliveryAddress;
        this.deliveryTime = deliveryTime;
        this.state = state;
        this.rejectionReason = rejectionReason;
        this.version = version;
    }

    /** A new order, APPROVAL_PENDING, announced by OrderCreated. */
    static Order placed(long id, NewOrder request, List<LineItem> lineItems) {
        BigDecimal total = lineItems.stream().map(LineItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        Order order = new Order(id, request.consumerId(), request.restaurantId(), lineItems, total,
                request.deliveryAddress(), request.deliveryTime(), OrderState.APPROVAL_PENDING, null, 0);
        order.record(OrderMessages.ORDER_CREATED, new OrderMessages.OrderCreated(order.orderId(), order.consumerId,
                order.restaurantId, order.messageItems(), total, order.deliveryAddress, order.deliveryTime));
        return order;
    }

    /** The consumer service accepted the order; with the restaurant's answer too it is VALIDATED. */
    public void consumerValidated() {
        validated(OrderState.CONSUMER_VALIDATED, OrderState.ORDER_DETAILS_VALIDATED);
    }

    /** The restaurant service accepted the order details; with the consumer's answer too it is VALIDATED. */
    public void orderDetailsValidated() {
        validated(OrderState.ORDER_DETAILS_VALIDATED, OrderState.CONSUMER_VALIDATED);
    }

    private void validated(OrderState mine, OrderState other) {
        if (state == mine || state == OrderState.VALIDATED) {
            return;
        }
        require(state == OrderState.APPROVAL_PENDING || state == other, "validate");
        if (state == other) {
            state = OrderState.VALIDATED;
            record(OrderMessages.ORDER_VALIDATED, new OrderMessages.OrderValidated(orderId()));
        } else {
            // an internal step: order.events carries only the contract's events
            state = mine;
        }
    }

    /** Every step of the create-order saga succeeded. */
    public void approve() {
        if (state == OrderState.APPROVED) {
            return;
        }
        require(state == OrderState.VALIDATED, "approve");
        state = OrderState.APPROVED;
        record(OrderMessages.ORDER_APPROVED, new OrderMessages.OrderApproved(orderId()));
    }

    /** The create-order saga failed and has undone what it did. */
    public void reject(String reason) {
        if (state == OrderState.REJECTED) {
            return;
        }
        require(state.isAwaitingApproval(), "reject");
        state = OrderState.REJECTED;
        rejectionReason = reason;
        record(OrderMessages.ORDER_REJECTED, new OrderMessages.OrderRejected(orderId(), reason));
    }

    /** What a client may do now: cancel and revise an APPROVED order; nothing while a saga holds it. */
    public Set<OrderAction> allowedActions() {
        return state == OrderState.APPROVED ? EnumSet.of(OrderAction.CANCEL, OrderAction.REVISE)
                : EnumSet.noneOf(OrderAction.class);
    }

    private void require(boolean allowed, String change) {
        if (!allowed) {
            throw new IllegalStateException("order " + id + " is " + state + ": cannot " + change + " it");
        }
    }

    private void record(String messageType, Object payload) {
        events.add(new OrderMessages.Event(messageType, payload));
    }

    /** The events recorded since the order was loaded; {@link OrderRepository#save} publishes and clears them. */
    List<OrderMessages.Event> takeEvents() {
        List<OrderMessages.Event> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    public List<OrderMessages.Item> messageItems() {
        return lineItems.stream().map(i -> new OrderMessages.Item(i.menuItemId(), i.quantity(), i.price())).toList();
    }

    public long id() {
        return id;
    }

    /** The id as the API and the messages carry it. */
    public String orderId() {
        return String.valueOf(id);
    }

    public String consumerId() {
        return consumerId;
    }

    public String restaurantId() {
        return restaurantId;
    }

    public List<LineItem> lineItems() {
        return lineItems;
    }

    public BigDecimal orderTotal() {
        return orderTotal;
    }

    public String deliveryAddress() {
        return deliveryAddress;
    }

    public OffsetDateTime deliveryTime() {
        return deliveryTime;
    }

    public OrderState state() {
        return state;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    /** The version the order was loaded with (optimistic locking). */
    public int version() {
        return version;
    }
}
