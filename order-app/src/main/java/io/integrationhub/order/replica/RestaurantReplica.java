package io.integrationhub.order.replica;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the local copy of a restaurant and its menu: validation never calls the restaurant service. */
@Repository
public class RestaurantReplica {

    public record MenuItem(String id, String name, BigDecimal price) {
    }

    public record Restaurant(String id, String name, Map<String, MenuItem> menu) {
    }

    private final JdbcTemplate jdbc;

    public RestaurantReplica(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Restaurant> find(String restaurantId) {
        var names = jdbc.queryForList("select name from orders.restaurant_replica where id = ?", String.class,
                restaurantId);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Map<String, MenuItem> menu = new LinkedHashMap<>();
        jdbc.query("select id, name, price from orders.menu_item_replica where restaurant_id = ? order by id",
                rs -> {
                    menu.put(rs.getString("id"), new MenuItem(rs.getString("id"), rs.getString("name"),
                            rs.getBigDecimal("price")));
                }, restaurantId);
        return Optional.of(new Restaurant(restaurantId, names.get(0), menu));
    }
}
