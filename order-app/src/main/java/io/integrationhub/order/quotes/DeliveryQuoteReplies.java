package io.integrationhub.order.quotes;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.Order;
import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.order.orders.OrderRepository;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.PoisonMessageException;

/**
 * Reads a courier's answer before it reaches the aggregator: an answer that cannot be read is poison (dead-lettered
 * with the reason); an answer to a request that is already decided (late) or that no order made is acknowledged,
 * counted and left out — otherwise it would open a new group that the timeout would later complete a second time.
 */
@Component
public class DeliveryQuoteReplies {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQuoteReplies.class);

    /** Exchange property: true when the answer belongs to an open request and goes to the aggregator. */
    public static final String OPEN = "deliveryQuoteOpen";
    /** orders.delivery_price is numeric(12,2). */
    private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

    private final OrderRepository orders;
    private final ObjectMapper json;
    private final DeliveryQuoteMetrics metrics;
    private final Set<String> couriers;

    DeliveryQuoteReplies(OrderRepository orders, ObjectMapper json, DeliveryQuoteMetrics metrics,
            DeliveryQuoteSettings settings) {
        this.orders = orders;
        this.json = json;
        this.metrics = metrics;
        this.couriers = Set.copyOf(settings.getCouriers());
    }

    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        Envelope envelope = Envelope.of(message);
        CourierAnswer answer = read(envelope, message.getBody(String.class));
        if (envelope.correlationId() == null || envelope.correlationId().isBlank()) {
            throw new PoisonMessageException(envelope.messageType() + " has no JMSCorrelationID: it answers nothing");
        }
        Optional<Order> order = orders.findByDeliveryQuoteRequest(envelope.correlationId());
        String ignored = order.isEmpty() ? DeliveryQuoteMetrics.UNKNOWN_REQUEST
                : order.get().delivery() != null ? DeliveryQuoteMetrics.LATE
                : !couriers.contains(answer.courierId()) ? DeliveryQuoteMetrics.UNEXPECTED_COURIER : null;
        if (ignored != null) {
            metrics.ignored(ignored);
            log.info("{} {} of courier {} to quote request {} ignored: {}", envelope.messageType(),
                    envelope.messageId(), answer.courierId(), envelope.correlationId(), ignored);
            exchange.setProperty(OPEN, false);
            return;
        }
        message.setHeader(DeliveryQuoteGroups.COURIER_ID, answer.courierId());
        message.setHeader(DeliveryQuoteGroups.ORDER_ID, order.get().orderId());
        message.setBody(write(answer));
        exchange.setProperty(OPEN, true);
    }

    private CourierAnswer read(Envelope envelope, String body) {
        CourierAnswer read;
        try {
            read = json.readValue(body == null ? "" : body, CourierAnswer.class);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException(envelope.messageType() + " is not readable JSON");
        }
        if (read == null || read.courierId() == null || read.courierId().isBlank() || read.courierId().length() > 64) {
            throw new PoisonMessageException(envelope.messageType() + " needs a courierId of 1 to 64 characters");
        }
        if (envelope.messageType().equals(OrderMessages.DELIVERY_QUOTE)
                && (read.price() == null || read.price().signum() < 0 || read.price().compareTo(MAX_PRICE) > 0
                        || read.etaMinutes() == null || read.etaMinutes() < 0)) {
            throw new PoisonMessageException("DeliveryQuote needs a price of 0 to " + MAX_PRICE
                    + " and an etaMinutes of 0 or more");
        }
        return new CourierAnswer(envelope.messageType(), read.courierId(), read.price(), read.etaMinutes(),
                read.validUntil(), read.reason());
    }

    private String write(CourierAnswer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
