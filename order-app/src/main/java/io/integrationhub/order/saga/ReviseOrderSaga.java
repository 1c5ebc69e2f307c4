package io.integrationhub.order.saga;

import static io.integrationhub.order.orders.OrderMessages.BEGIN_REVISE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.CONFIRM_REVISE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.CONSUMER_VALIDATED;
import static io.integrationhub.order.orders.OrderMessages.CONSUMER_VALIDATION_FAILED;
import static io.integrationhub.order.orders.OrderMessages.FAILURE;
import static io.integrationhub.order.orders.OrderMessages.REVISE_AUTHORIZATION;
import static io.integrationhub.order.orders.OrderMessages.SUCCESS;
import static io.integrationhub.order.orders.OrderMessages.UNDO_BEGIN_REVISE_TICKET;
import static io.integrationhub.order.orders.OrderMessages.VALIDATE_CONSUMER_INFO;
import static io.integrationhub.order.saga.SagaDefinition.saga;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages.OrderReference;
import io.integrationhub.order.orders.OrderMessages.ReviseAuthorization;
import io.integrationhub.order.orders.OrderMessages.ReviseTicket;
import io.integrationhub.order.orders.OrderMessages.ValidateConsumerInfo;
import io.integrationhub.routes.messaging.Channels;

/**
 * The revise-order saga, for new quantities of an APPROVED order (the order holds REVISION_PENDING and its old
 * quantities until it ends):
 * <ol>
 * <li>check-credit: the consumer service checks the new total against the credit limit;</li>
 * <li>begin-revise-ticket: the kitchen locks the ticket with the new quantities pending — undone by
 * UndoBeginReviseTicket;</li>
 * <li>revise-authorization: accounting sets the authorized amount to the new total (an absolute amount: a commutative
 * update, so re-sends and reordering end at the same value) — undone by setting it back to the old total;</li>
 * <li>confirm-revise-ticket: the kitchen applies the new quantities;</li>
 * </ol>
 * then the order is APPROVED with the new quantities and total (OrderRevised). A refusal undoes the steps before it
 * and the order keeps its old quantities, with the reason.
 */
@Component
public class ReviseOrderSaga {

    public static final String TYPE = "revise-order";

    /** What the saga carries. */
    public static final class Data {
        public String orderId;
        public String consumerId;
        public Map<String, Integer> quantities;
        public BigDecimal oldTotal;
        public BigDecimal newTotal;
    }

    private final SagaOrchestrator orchestrator;
    private final SagaDefinition<Data> definition;

    ReviseOrderSaga(SagaOrchestrator orchestrator, OrderSagaSteps orders, Channels channels) {
        this.orchestrator = orchestrator;
        String consumer = channels.getConsumerCommands();
        String kitchen = channels.getKitchenCommands();
        String accounting = channels.getAccountingCommands();

        this.definition = saga(TYPE, Data.class)
                .step("check-credit")
                    .invoke(consumer, VALIDATE_CONSUMER_INFO,
                            d -> new ValidateConsumerInfo(d.orderId, d.consumerId, d.newTotal))
                        .onSuccess(CONSUMER_VALIDATED).onFailure(CONSUMER_VALIDATION_FAILED)
                .step("begin-revise-ticket")
                    .invoke(kitchen, BEGIN_REVISE_TICKET, d -> new ReviseTicket(d.orderId, d.quantities))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                    .compensateWith(kitchen, UNDO_BEGIN_REVISE_TICKET, d -> new OrderReference(d.orderId))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("revise-authorization")
                    .invoke(accounting, REVISE_AUTHORIZATION, d -> new ReviseAuthorization(d.orderId, d.newTotal))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                    .compensateWith(accounting, REVISE_AUTHORIZATION,
                            d -> new ReviseAuthorization(d.orderId, d.oldTotal))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .step("confirm-revise-ticket")
                    .invoke(kitchen, CONFIRM_REVISE_TICKET, d -> new ReviseTicket(d.orderId, d.quantities))
                        .onSuccess(SUCCESS).onFailure(FAILURE)
                .whenCompleted((d, saga) -> {
                    orders.change(d.orderId, saga, order -> order.revised(d.quantities));
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId
                            + " was revised: the new total is " + d.newTotal + ".");
                })
                .whenCompensated((d, saga) -> {
                    orders.change(d.orderId, saga, order -> order.revisionRefused(saga.failureReason()));
                    orders.notifyConsumer(d.consumerId, d.orderId, saga, "Your order " + d.orderId
                            + " could not be revised and is unchanged: " + saga.failureReason());
                })
                .build();
        orchestrator.register(definition);
    }

    void start(Order order, Map<String, Integer> quantities, BigDecimal newTotal, String traceParent) {
        Data data = new Data();
        data.orderId = order.orderId();
        data.consumerId = order.consumerId();
        data.quantities = quantities;
        data.oldTotal = order.orderTotal();
        data.newTotal = newTotal;
        orchestrator.start(definition, order.id(), data, traceParent);
    }

    public SagaDefinition<Data> definition() {
        return definition;
    }
}
