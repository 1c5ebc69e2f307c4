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
    private List<LineItem> lineItems;
    private BigDecimal orderTotal;
    private boolean lineItemsChanged;
    /** Why the last cancel or revise was refused (the order is APPROVED again); null after a change succeeded. */
    private String refusedChange;
    private final String deliveryAddress;
    private final OffsetDateTime deliveryTime;
    private final int version;
    /** The messageId of the DeliveryQuoteRequested the order published when VALIDATED; null before. */
    private String deliveryQuoteRequest;
    /** What the quote aggregation decided; null while it runs (or before it started). */
    private Delivery delivery;
    private OrderState state;
    private String rejectionReason;
    private final List<OrderMessages.Event> events = new ArrayList<>();

    Order(long id, String consumerId, String restaurantId, List<LineItem> lineItems, BigDecimal orderTotal,
            String deliveryAddress, OffsetDateTime deliveryTime, OrderState state, String rejectionReason,
            String refusedChange, int version) {
        this.refusedChange = refusedChange;
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

    /** The state a repository read: the order with its delivery-quote request and decision. */
    Order withDelivery(String deliveryQuoteRequest, Delivery delivery) {
        this.deliveryQuoteRequest = deliveryQuoteRequest;
        this.delivery = delivery;
        return this;
    }

    /** A new order, APPROVAL_PENDING, announced by OrderCreated. */
    static Order placed(long id, NewOrder request, List<LineItem> lineItems) {
        BigDecimal total = lineItems.stream().map(LineItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        Order order = new Order(id, request.consumerId(), request.restaurantId(), lineItems, total,
                request.deliveryAddress(), request.deliveryTime(), OrderState.APPROVAL_PENDING, null, null, 0);
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

    /**
     * The order published its DeliveryQuoteRequested (messageId {@code requestId}), once, when it became VALIDATED;
     * the couriers' answers are correlated to it.
     */
    public void deliveryQuoteRequested(String requestId) {
        require(deliveryQuoteRequest == null, "request delivery quotes again for");
        deliveryQuoteRequest = requestId;
    }

    /**
     * The quote aggregation completed. Delivery is charged separately from the food (the card authorization covers
     * the order total only), so this changes no order state: it is recorded in whatever state the saga has reached.
     *
     * @return false when a delivery was recorded already (a completion delivered twice): nothing changes
     */
    public boolean deliveryDecided(Delivery decided) {
        if (delivery != null) {
            return false;
        }
        delivery = decided;
        record(OrderMessages.ORDER_DELIVERY_QUOTED, new OrderMessages.OrderDeliveryQuoted(orderId(),
                decided.state().name(), decided.courierId(), decided.price(), decided.etaMinutes(), decided.quotes(),
                decided.couriers(), decided.completedBy()));
        return true;
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

    /**
     * A client asks to cancel: the order is locked in CANCEL_PENDING (a semantic lock, ch. 4) while the cancel-order
     * saga asks the kitchen and accounting.
     *
     * @throws OrderActionRefused when the order's state does not allow it (409 with the state)
     */
    public void requestCancel() {
        allow(OrderAction.CANCEL);
        state = OrderState.CANCEL_PENDING;
    }

    /** The cancel-order saga completed: ticket cancelled, authorization reversed. */
    public void cancelled() {
        if (state == OrderState.CANCELLED) {
            return;
        }
        require(state == OrderState.CANCEL_PENDING, "cancel");
        state = OrderState.CANCELLED;
        refusedChange = null;
        record(OrderMessages.ORDER_CANCELLED, new OrderMessages.OrderCancelled(orderId()));
    }

    /** The cancel was refused (e.g. the kitchen has started cooking) and undone: APPROVED again, with the reason. */
    public void cancelRefused(String reason) {
        if (state != OrderState.CANCEL_PENDING) {
            return;
        }
        state = OrderState.APPROVED;
        refusedChange = "cancel refused: " + reason;
    }

    /**
     * A client asks for new quantities: the order is locked in REVISION_PENDING while the revise-order saga checks
     * the consumer's credit, the kitchen and accounting. The order keeps its quantities until the saga completes.
     *
     * @param version the version the client read (reread value, ch. 4), or null to skip the check
     * @return the total the revised order would have
     * @throws OrderActionRefused when the state does not allow it (409) or the version is stale (412)
     */
    public BigDecimal requestRevision(java.util.Map<String, Integer> quantities, Integer version) {
        if (version != null && version != this.version) {
            throw OrderActionRefused.staleVersion(this, version);
        }
        allow(OrderAction.REVISE);
        for (String menuItemId : quantities.keySet()) {
            if (lineItems.stream().noneMatch(item -> item.menuItemId().equals(menuItemId))) {
                throw OrderActionRefused.unknownItem(this, menuItemId);
            }
        }
        state = OrderState.REVISION_PENDING;
        return revisedTotal(quantities);
    }

    /** The revise-order saga completed: the new quantities and total are the order's. */
    public void revised(java.util.Map<String, Integer> quantities) {
        if (state == OrderState.APPROVED && revisedTotal(quantities).compareTo(orderTotal) == 0
                && lineItems.stream().allMatch(i -> quantities.getOrDefault(i.menuItemId(), i.quantity()) == i.quantity())) {
            return; // applied already
        }
        require(state == OrderState.REVISION_PENDING, "revise");
        lineItems = lineItems.stream().map(item -> new LineItem(item.menuItemId(), item.name(),
                quantities.getOrDefault(item.menuItemId(), item.quantity()), item.price())).toList();
        orderTotal = revisedTotal(quantities);
        lineItemsChanged = true;
        state = OrderState.APPROVED;
        refusedChange = null;
        record(OrderMessages.ORDER_REVISED, new OrderMessages.OrderRevised(orderId(), messageItems(), orderTotal));
    }

    /** The revision was refused and undone: APPROVED with the old quantities, with the reason. */
    public void revisionRefused(String reason) {
        if (state != OrderState.REVISION_PENDING) {
            return;
        }
        state = OrderState.APPROVED;
        refusedChange = "revision refused: " + reason;
    }

    public BigDecimal revisedTotal(java.util.Map<String, Integer> quantities) {
        return lineItems.stream().map(item -> item.price().multiply(BigDecimal.valueOf(
                quantities.getOrDefault(item.menuItemId(), item.quantity())))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void allow(OrderAction action) {
        if (!allowedActions().contains(action)) {
            throw OrderActionRefused.notAllowed(this, action);
        }
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

    public String deliveryQuoteRequest() {
        return deliveryQuoteRequest;
    }

    public Delivery delivery() {
        return delivery;
    }

    public String refusedChange() {
        return refusedChange;
    }

    /** Whether {@link #revised} changed the line items (the repository then rewrites them). */
    boolean lineItemsChanged() {
        return lineItemsChanged;
    }

    /** The version the order was loaded with (optimistic locking). */
    public int version() {
        return version;
    }
}
