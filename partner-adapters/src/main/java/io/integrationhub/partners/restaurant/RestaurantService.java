package io.integrationhub.partners.restaurant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.restaurant.RestaurantMessages.LineItem;
import io.integrationhub.partners.restaurant.RestaurantMessages.MenuItem;
import io.integrationhub.partners.restaurant.RestaurantMessages.MenuRevised;
import io.integrationhub.partners.restaurant.RestaurantMessages.OrderDetailsValidated;
import io.integrationhub.partners.restaurant.RestaurantMessages.OrderDetailsValidationFailed;
import io.integrationhub.partners.restaurant.RestaurantMessages.RestaurantCreated;
import io.integrationhub.partners.restaurant.RestaurantMessages.ValidateOrderDetails;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.rest.ProblemException;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The restaurant service: restaurants and menus, order-details validation, and the replication events
 * (RestaurantCreated, MenuRevised on restaurant.events) written to its outbox in the same transaction as the change.
 * Its messages: {@link RestaurantMessages}; {@link NewRestaurant}, {@link Menu} and {@link Restaurant} are the partner
 * API's views.
 */
@Service
public class RestaurantService {

    /** Body of POST /partners/api/v1/restaurants. */
    public record NewRestaurant(
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = MAX_MENU_ITEMS) List<@NotNull @Valid MenuItem> menuItems) {
    }

    /** Body of PUT /partners/api/v1/restaurants/{id}/menu. */
    public record Menu(@NotEmpty @Size(max = MAX_MENU_ITEMS) List<@NotNull @Valid MenuItem> menuItems) {
    }

    static final int MAX_MENU_ITEMS = 500;

    @Schema(requiredProperties = { "restaurantId", "name", "open", "menuVersion", "menuItems" })
    public record Restaurant(String restaurantId, String name, boolean open, int menuVersion,
            List<MenuItem> menuItems) {
    }

    private static final String AGGREGATE = "Restaurant";

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final PartnerJson json;
    private final Channels channels;
    private final RestaurantEventFormat eventFormat;

    public RestaurantService(JdbcTemplate jdbc, @Qualifier("restaurantOutbox") OutboxWriter outbox, PartnerJson json,
            Channels channels, RestaurantEventFormat eventFormat) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.channels = channels;
        this.eventFormat = eventFormat;
    }

    @Transactional
    public String create(NewRestaurant restaurant, String traceParent) {
        return create("r-" + UUID.randomUUID(), restaurant.name(), checked(restaurant.menuItems()), traceParent);
    }

    /** With a chosen id: demo data and tests. Does nothing if the id exists. */
    @Transactional
    public String create(String id, String name, List<MenuItem> menu, String traceParent) {
        if (jdbc.update("insert into restaurant.restaurants (id, name) values (?, ?) on conflict (id) do nothing", id,
                name) == 0) {
            return id;
        }
        insertMenu(id, menu);
        RestaurantCreated created = new RestaurantCreated(id, name, 1, menu);
        outbox.append(eventFormat.encode(OutboxMessage.event(channels.getRestaurantEvents(),
                RestaurantMessages.RESTAURANT_CREATED, AGGREGATE, id, traceParent, json.write(created)), created));
        return id;
    }

    @Transactional
    public void reviseMenu(String restaurantId, Menu menu, String traceParent) {
        List<MenuItem> items = checked(menu.menuItems());
        // the row lock orders concurrent revisions: versions and outbox ids rise together
        List<Integer> versions = jdbc.queryForList("update restaurant.restaurants set menu_version = menu_version + 1 "
                + "where id = ? returning menu_version", Integer.class, restaurantId);
        if (versions.isEmpty()) {
            throw ProblemException.notFound("Restaurant '" + restaurantId + "' does not exist.");
        }
        jdbc.update("delete from restaurant.menu_items where restaurant_id = ?", restaurantId);
        insertMenu(restaurantId, items);
        MenuRevised revised = new MenuRevised(restaurantId, versions.get(0), items);
        outbox.append(eventFormat.encode(OutboxMessage.event(channels.getRestaurantEvents(),
                RestaurantMessages.MENU_REVISED, AGGREGATE, restaurantId, traceParent, json.write(revised)), revised));
    }

    @Transactional(readOnly = true)
    public Optional<Restaurant> find(String restaurantId) {
        var rows = jdbc.queryForList("select name, open, menu_version from restaurant.restaurants where id = ?",
                restaurantId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var row = rows.get(0);
        List<MenuItem> menu = jdbc.query("select id, name, price from restaurant.menu_items where restaurant_id = ? "
                + "and available order by id", (rs, n) -> new MenuItem(rs.getString("id"), rs.getString("name"),
                        rs.getBigDecimal("price")), restaurantId);
        return Optional.of(new Restaurant(restaurantId, (String) row.get("name"), (Boolean) row.get("open"),
                ((Number) row.get("menu_version")).intValue(), menu));
    }

    /** Validates and writes the reply to the restaurant outbox in the same transaction. */
    @Transactional
    public void validate(Envelope command, String body) throws Exception {
        ValidateOrderDetails request = json.read(body, ValidateOrderDetails.class);
        var restaurant = find(request.restaurantId());
        String reason = restaurant.isEmpty() ? "restaurant " + request.restaurantId() + " is unknown"
                : problemWith(restaurant.get(), request);
        OutboxMessage reply = reason == null
                ? OutboxMessage.reply(command, RestaurantMessages.ORDER_DETAILS_VALIDATED,
                        json.write(new OrderDetailsValidated(request.orderId(), request.restaurantId())))
                : OutboxMessage.reply(command, RestaurantMessages.ORDER_DETAILS_VALIDATION_FAILED,
                        json.write(new OrderDetailsValidationFailed(request.orderId(), request.restaurantId(), reason)));
        outbox.append(reply);
    }

    private static String problemWith(Restaurant restaurant, ValidateOrderDetails request) {
        if (!restaurant.open()) {
            return "restaurant " + restaurant.restaurantId() + " is closed";
        }
        Map<String, MenuItem> menu = new HashMap<>();
        restaurant.menuItems().forEach(item -> menu.put(item.id(), item));
        List<String> unavailable = new ArrayList<>();
        for (LineItem item : request.lineItems() == null ? List.<LineItem>of() : request.lineItems()) {
            if (!menu.containsKey(item.menuItemId())) {
                unavailable.add(item.menuItemId());
            }
        }
        return unavailable.isEmpty() ? null : "menu item(s) " + String.join(", ", unavailable) + " unavailable";
    }

    private void insertMenu(String restaurantId, List<MenuItem> items) {
        for (MenuItem item : items) {
            jdbc.update("insert into restaurant.menu_items (restaurant_id, id, name, price) values (?, ?, ?, ?)",
                    restaurantId, item.id(), item.name(), item.price());
        }
    }

    /** What the annotations cannot say: the limits of each item are checked by the request reader. */
    private static List<MenuItem> checked(List<MenuItem> items) {
        if (items.stream().map(MenuItem::id).distinct().count() != items.size()) {
            throw ProblemException.badRequest("Menu item ids must be unique.");
        }
        return items;
    }
}
