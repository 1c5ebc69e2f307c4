package io.integrationhub.order.orders;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.integrationhub.routes.versions.MessageVersion;
import io.integrationhub.routes.versions.ProducedVersions;

/**
 * The order's events in the version order.events is configured to carry ({@code hub.messages.versions.order-events.*},
 * 1.0 unless set): OrderCreated 1.0 or 2.0, every other event 1.0. A version this build cannot write refuses the start.
 */
@Component
class OrderEventPayloads {

    /** The channel's key in hub.channels and hub.messages. */
    static final String CHANNEL_KEY = "order-events";
    /** The majors this build can write, per event; an event not listed is written in 1.x only. */
    private static final Map<String, Set<Integer>> WRITABLE = Map.of(OrderMessages.ORDER_CREATED, Set.of(1, 2));

    private final ProducedVersions versions;

    OrderEventPayloads(ProducedVersions versions) {
        this.versions = versions;
        versions.getVersions().getOrDefault(CHANNEL_KEY, Map.of()).keySet().forEach(this::versionOf);
    }

    /** The version to write of an event of this type. */
    MessageVersion versionOf(String messageType) {
        MessageVersion version = versions.version(CHANNEL_KEY, messageType);
        if (!WRITABLE.getOrDefault(messageType, Set.of(1)).contains(version.major())) {
            throw new IllegalStateException("hub.messages.versions." + CHANNEL_KEY + "." + messageType + "=" + version
                    + ": order-app writes " + messageType + " in major(s) " + WRITABLE.getOrDefault(messageType,
                            Set.of(1)) + " only");
        }
        return version;
    }

    /** The payload in that version's shape. */
    Object payload(OrderMessages.Event event, MessageVersion version) {
        if (version.major() == 2 && event.payload() instanceof OrderMessages.OrderCreated created) {
            return created.v2();
        }
        return event.payload();
    }
}
