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

    /** The restaurant and its whole menu in one query (one round trip on every order intake). */
    public Optional<Restaurant> find(String restaurantId) {
        String[] name = new String[1];
        Map<String, MenuItem> menu = new LinkedHashMap<>();
        jdbc.query("select r.name as restaurant_name, m.id, m.name, m.price from orders.restaurant_replica r "
                + "left join orders.menu_item_replica m on m.restaurant_id = r.id where r.id = ? order by m.id",
                rs -> {
                    name[0] = rs.getString("restaurant_name");
                    if (rs.getString("id") != null) {
                        menu.put(rs.getString("id"), new MenuItem(rs.getString("id"), rs.getString("name"),
                                rs.getBigDecimal("price")));
                    }
                }, restaurantId);
        return name[0] == null ? Optional.empty() : Optional.of(new Restaurant(restaurantId, name[0], menu));
    }
}
