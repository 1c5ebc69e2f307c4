package io.integrationhub.partners.restaurant;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.integrationhub.contracts.proto.v1.MenuRevised;
import io.integrationhub.contracts.proto.v1.RestaurantCreated;
import io.integrationhub.partners.restaurant.RestaurantMessages.MenuItem;
import io.integrationhub.routes.messaging.ContentTypes;
import io.integrationhub.routes.outbox.OutboxMessage;

/**
 * The format restaurant.events are published in: JSON (default) or Protocol Buffers ({@code hub.proto}), chosen by
 * {@code hub.partner-adapters.restaurant.event-content-type}. The message's Content-Type says which, so a consumer
 * reads either. JSON stays the default until every subscriber reads both (order-app's replica does).
 */
@Component
public class RestaurantEventFormat {

    private final String contentType;

    public RestaurantEventFormat(
            @Value("${hub.partner-adapters.restaurant.event-content-type:" + ContentTypes.JSON + "}") String contentType) {
        this.contentType = ContentTypes.mediaType(contentType);
        if (!this.contentType.equals(ContentTypes.JSON) && !this.contentType.equals(ContentTypes.PROTOBUF)) {
            throw new IllegalArgumentException("hub.partner-adapters.restaurant.event-content-type must be "
                    + ContentTypes.JSON + " or " + ContentTypes.PROTOBUF + ", not '" + contentType + "'");
        }
    }

    public String contentType() {
        return contentType;
    }

    /** The event as an outbox message in the configured format. */
    public OutboxMessage encode(OutboxMessage event, RestaurantMessages.RestaurantCreated created) {
        return contentType.equals(ContentTypes.JSON) ? event : event.withBinaryPayload(contentType, protobuf(created)
                .toByteArray());
    }

    public OutboxMessage encode(OutboxMessage event, RestaurantMessages.MenuRevised revised) {
        return contentType.equals(ContentTypes.JSON) ? event : event.withBinaryPayload(contentType, protobuf(revised)
                .toByteArray());
    }

    public static RestaurantCreated protobuf(RestaurantMessages.RestaurantCreated event) {
        return RestaurantCreated.newBuilder().setRestaurantId(event.restaurantId()).setName(event.name())
                .setMenuVersion(event.menuVersion()).addAllMenuItems(items(event.menuItems())).build();
    }

    public static MenuRevised protobuf(RestaurantMessages.MenuRevised event) {
        return MenuRevised.newBuilder().setRestaurantId(event.restaurantId()).setMenuVersion(event.menuVersion())
                .addAllMenuItems(items(event.menuItems())).build();
    }

    private static List<io.integrationhub.contracts.proto.v1.MenuItem> items(List<MenuItem> items) {
        // the decimal as written, e.g. "4.50": protobuf has no decimal type, and a double would round
        return items.stream().map(item -> io.integrationhub.contracts.proto.v1.MenuItem.newBuilder()
                .setId(item.id()).setName(item.name()).setPrice(item.price().toPlainString()).build()).toList();
    }
}
