package io.integrationhub.order.quotes;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hub.delivery.quotes.ignored{reason}}: answers acknowledged and left out — late (the request was decided),
 * repeated (a courier that answered that request already), unknown-request, unexpected-courier;
 * {@code hub.delivery.quotes.completed{completedBy,state}}: decisions recorded on orders.
 * (A redelivered message — the same messageId — is counted by the template as {@code hub.messages.duplicates}.)
 */
@Component
public class DeliveryQuoteMetrics {

    static final String LATE = "late";
    static final String REPEATED = "repeated";
    static final String UNKNOWN_REQUEST = "unknown-request";
    static final String UNEXPECTED_COURIER = "unexpected-courier";

    private final MeterRegistry meters;

    DeliveryQuoteMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String reason : new String[] { LATE, REPEATED, UNKNOWN_REQUEST, UNEXPECTED_COURIER }) {
            meters.counter("hub.delivery.quotes.ignored", "reason", reason);
        }
    }

    void ignored(String reason) {
        meters.counter("hub.delivery.quotes.ignored", "reason", reason).increment();
    }

    void completed(String completedBy, String state) {
        meters.counter("hub.delivery.quotes.completed", "completedBy", completedBy, "state", state).increment();
    }
}
