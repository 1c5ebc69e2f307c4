package io.integrationhub.partners.kitchen;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** kitchen.kitchens: whether each restaurant's kitchen accepts orders. A restaurant without a row does. */
@Repository
public class KitchenRepository {

    private final JdbcTemplate jdbc;

    public KitchenRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Kitchen find(String restaurantId) {
        return new Kitchen(restaurantId, jdbc.queryForList("select accepting_orders from kitchen.kitchens "
                + "where restaurant_id = ?", Boolean.class, restaurantId).stream().findFirst().orElse(true));
    }

    public Kitchen save(Kitchen kitchen) {
        jdbc.update("insert into kitchen.kitchens (restaurant_id, accepting_orders) values (?, ?) on conflict "
                + "(restaurant_id) do update set accepting_orders = excluded.accepting_orders, updated_at = now()",
                kitchen.restaurantId(), kitchen.acceptingOrders());
        return kitchen;
    }
}
