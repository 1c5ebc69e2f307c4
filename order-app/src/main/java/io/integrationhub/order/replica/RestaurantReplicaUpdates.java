package io.integrationhub.order.replica;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Keeps restaurant_replica current from restaurant.events. Events carry the restaurant's menuVersion; an event that
 * is not newer than the replica (a redelivery, a replay) is ignored, so applying it twice has no second effect.
 */
@Service
public class RestaurantReplicaUpdates {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MenuItem(String id, String name, BigDecimal price) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestaurantEvent(String restaurantId, String name, int menuVersion, List<MenuItem> menuItems) {
    }

    private final JdbcTemplate jdbc;

    public RestaurantReplicaUpdates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param event read from either format by {@link RestaurantEventReader} @return whether the replica changed */
    @Transactional
    public boolean apply(String messageType, RestaurantEvent event) {
        int changed = switch (messageType) {
            case "RestaurantCreated" -> jdbc.update("insert into orders.restaurant_replica (id, name, menu_version) "
                    + "values (?, ?, ?) on conflict (id) do update set name = excluded.name, "
                    + "menu_version = excluded.menu_version, updated_at = now() "
                    + "where restaurant_replica.menu_version < excluded.menu_version",
                    event.restaurantId(), event.name(), event.menuVersion());
            case "MenuRevised" -> {
                int updated = jdbc.update("update orders.restaurant_replica set menu_version = ?, updated_at = now() "
                        + "where id = ? and menu_version < ?", event.menuVersion(), event.restaurantId(),
                        event.menuVersion());
                if (updated == 0 && jdbc.queryForList("select 1 from orders.restaurant_replica where id = ?",
                        event.restaurantId()).isEmpty()) {
                    // out of order would need a lost RestaurantCreated: retry, then dead-letter for an operator
                    throw new IllegalStateException("MenuRevised for restaurant " + event.restaurantId()
                            + " that the replica does not know");
                }
                yield updated;
            }
            default -> throw new io.integrationhub.routes.messaging.PoisonMessageException(
                    "restaurant.events has no messageType '" + messageType + "'");
        };
        if (changed == 0) {
            return false;
        }
        jdbc.update("delete from orders.menu_item_replica where restaurant_id = ?", event.restaurantId());
        for (MenuItem item : event.menuItems()) {
            jdbc.update("insert into orders.menu_item_replica (restaurant_id, id, name, price) values (?, ?, ?, ?)",
                    event.restaurantId(), item.id(), item.name(), item.price());
        }
        return true;
    }
}
