package io.integrationhub.order.replica;

import java.math.BigDecimal;
import java.util.List;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;

import io.integrationhub.contracts.proto.v1.MenuRevised;
import io.integrationhub.contracts.proto.v1.RestaurantCreated;
import io.integrationhub.order.replica.RestaurantReplicaUpdates.MenuItem;
import io.integrationhub.order.replica.RestaurantReplicaUpdates.RestaurantEvent;
import io.integrationhub.routes.messaging.ContentTypes;
import io.integrationhub.routes.messaging.PoisonMessageException;

/**
 * Reads a restaurant.events message in either format its Content-Type names: JSON (also when the header is missing)
 * or Protocol Buffers ({@code hub.proto}). Any other Content-Type, or bytes that are no such protobuf message, is
 * poison: dead-lettered at once with a reason naming the formats read here.
 */
@Component
public class RestaurantEventReader {

    static final String ACCEPTED = ContentTypes.JSON + ", " + ContentTypes.PROTOBUF;

    private final ObjectMapper json;

    public RestaurantEventReader(ObjectMapper json) {
        this.json = json;
    }

    public RestaurantEvent read(Message message) throws Exception {
        String contentType = ContentTypes.mediaType(message.getHeader("Content-Type"));
        String messageType = message.getHeader("messageType", String.class);
        return switch (contentType) {
            case ContentTypes.JSON -> json.readValue(message.getMandatoryBody(String.class), RestaurantEvent.class);
            case ContentTypes.PROTOBUF -> protobuf(messageType, message.getMandatoryBody(byte[].class));
            default -> throw new PoisonMessageException("restaurant.events: Content-Type '" + contentType
                    + "' is not read here (accepted: " + ACCEPTED + ")");
        };
    }

    private static RestaurantEvent protobuf(String messageType, byte[] body) {
        try {
            return switch (String.valueOf(messageType)) {
                case "RestaurantCreated" -> {
                    RestaurantCreated event = RestaurantCreated.parseFrom(body);
                    yield new RestaurantEvent(event.getRestaurantId(), event.getName(), event.getMenuVersion(),
                            items(event.getMenuItemsList()));
                }
                case "MenuRevised" -> {
                    MenuRevised event = MenuRevised.parseFrom(body);
                    yield new RestaurantEvent(event.getRestaurantId(), null, event.getMenuVersion(),
                            items(event.getMenuItemsList()));
                }
                default -> throw new PoisonMessageException("restaurant.events has no protobuf messageType '"
                        + messageType + "'");
            };
        } catch (InvalidProtocolBufferException | NumberFormatException unreadable) {
            throw new PoisonMessageException("restaurant.events: " + messageType + " is not a readable "
                    + ContentTypes.PROTOBUF + " body (" + unreadable.getMessage() + ")");
        }
    }

    private static List<MenuItem> items(List<io.integrationhub.contracts.proto.v1.MenuItem> items) {
        return items.stream().map(i -> new MenuItem(i.getId(), i.getName(), new BigDecimal(i.getPrice()))).toList();
    }
}
