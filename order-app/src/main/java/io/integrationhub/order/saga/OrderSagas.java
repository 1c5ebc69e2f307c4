package io.integrationhub.order.saga;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderProcessing;

/** The order domain's hook into the saga package: which saga each order change starts. */
@Component
class OrderSagas implements OrderProcessing {

    private final CreateOrderSaga create;
    private final CancelOrderSaga cancel;
    private final ReviseOrderSaga revise;

    OrderSagas(CreateOrderSaga create, CancelOrderSaga cancel, ReviseOrderSaga revise) {
        this.create = create;
        this.cancel = cancel;
        this.revise = revise;
    }

    @Override
    public void begin(Order order, String traceParent) {
        create.start(order, traceParent);
    }

    @Override
    public void cancel(Order order, String traceParent) {
        cancel.start(order, traceParent);
    }

    @Override
    public void revise(Order order, Map<String, Integer> quantities, BigDecimal newTotal, String traceParent) {
        revise.start(order, quantities, newTotal, traceParent);
    }
}
