package io.integrationhub.partners.couriers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.couriers.CourierMessages.DeliveryQuoteRequested;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * A simulated courier answering a quote request: records its answer in its own schema ({@code quotes}, once per
 * request) and writes it to its own outbox, in the transaction of the consuming route — so the processed messageId,
 * the quote and the reply commit together. Its fault mode (in memory, per process, like the legacy simulators')
 * makes it slow or declining; {@code stopped} is applied to its route by {@link CourierModes}.
 */
@Service
public class CourierService {

    private static final int MAX_ID_LENGTH = 64;

    private final JdbcTemplate jdbc;
    private final Map<String, OutboxWriter> outboxes;
    private final CourierSettings settings;
    private final PartnerJson json;
    private final Map<String, CourierMode> modes = new ConcurrentHashMap<>();

    public CourierService(JdbcTemplate jdbc, @Qualifier("courierSwiftOutbox") OutboxWriter swift,
            @Qualifier("courierThriftyOutbox") OutboxWriter thrifty, CourierSettings settings, PartnerJson json) {
        this.jdbc = jdbc;
        this.outboxes = Map.of(Couriers.SWIFT, swift, Couriers.THRIFTY, thrifty);
        this.settings = settings;
        this.json = json;
    }

    public CourierMode mode(String courierId) {
        return modes.getOrDefault(courierId, CourierMode.NORMAL);
    }

    void mode(String courierId, CourierMode mode) {
        modes.put(courierId, mode);
    }

    /** The handler of the courier's subscription route: one DeliveryQuoteRequested. */
    @Transactional
    public void answer(String courierId, Message message) throws InterruptedException {
        Envelope request = Envelope.of(message);
        if (request.replyTo() == null) {
            throw new PoisonMessageException("DeliveryQuoteRequested has no JMSReplyTo: its answer could go nowhere");
        }
        DeliveryQuoteRequested quoteRequest = read(message.getBody(String.class));
        if (quoteRequest == null || quoteRequest.orderId() == null || quoteRequest.orderId().isBlank()
                || quoteRequest.orderId().length() > MAX_ID_LENGTH) {
            throw new PoisonMessageException("DeliveryQuoteRequested needs an orderId of 1 to " + MAX_ID_LENGTH
                    + " characters");
        }
        CourierMode mode = mode(courierId);
        if (mode.is("slow")) {
            Thread.sleep(mode.latencyMs()); // a slow courier: its answer comes this much later
        }
        String schema = Couriers.schema(courierId);
        OutboxMessage reply;
        if (mode.is("declining")) {
            String reason = courierId + " has no driver free";
            if (!record(schema, request, quoteRequest, CourierMessages.DELIVERY_QUOTE_DECLINED, null, null, null,
                    reason)) {
                return; // answered already
            }
            reply = OutboxMessage.reply(request, CourierMessages.DELIVERY_QUOTE_DECLINED, json.write(
                    new CourierMessages.DeliveryQuoteDeclined(quoteRequest.orderId(), courierId, reason)));
        } else {
            CourierSettings.Tariff tariff = settings.tariff(courierId);
            BigDecimal total = quoteRequest.orderTotal() == null ? BigDecimal.ZERO : quoteRequest.orderTotal();
            BigDecimal price = tariff.getBasePrice().add(total.multiply(tariff.getShareOfTotal()))
                    .setScale(2, RoundingMode.HALF_UP);
            OffsetDateTime validUntil = OffsetDateTime.now(ZoneOffset.UTC).plus(tariff.getValidFor());
            if (!record(schema, request, quoteRequest, CourierMessages.DELIVERY_QUOTE, price, tariff.getEtaMinutes(),
                    validUntil, null)) {
                return;
            }
            reply = OutboxMessage.reply(request, CourierMessages.DELIVERY_QUOTE, json.write(
                    new CourierMessages.DeliveryQuote(quoteRequest.orderId(), courierId, price,
                            tariff.getEtaMinutes(), validUntil)));
        }
        outboxes.get(courierId).append(reply);
    }

    /** @return false when the courier answered this request already */
    private boolean record(String schema, Envelope request, DeliveryQuoteRequested quoteRequest, String answer,
            BigDecimal price, Integer eta, OffsetDateTime validUntil, String reason) {
        return jdbc.update("insert into " + schema + ".quotes (request_id, order_id, answer, price, eta_minutes, "
                + "valid_until, reason) values (?, ?, ?, ?, ?, ?, ?) on conflict (request_id) do nothing",
                request.messageId(), quoteRequest.orderId(), answer, price, eta, validUntil, reason) == 1;
    }

    private DeliveryQuoteRequested read(String body) {
        try {
            return json.read(body == null ? "" : body, DeliveryQuoteRequested.class);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("DeliveryQuoteRequested is not readable JSON");
        }
    }
}
