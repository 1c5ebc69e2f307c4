package io.integrationhub.partners;

import java.math.BigDecimal;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.consumer.ConsumerService;
import io.integrationhub.partners.restaurant.RestaurantService;
import io.integrationhub.partners.restaurant.RestaurantMessages.MenuItem;
import io.integrationhub.routes.messaging.TraceParent;

/**
 * DEMO DATA for the embedded mode (hub.partner-adapters.demo-data=true): two restaurants and three consumers, created
 * through the services like any API call, so RestaurantCreated reaches order-app's replica over the broker. Skips
 * what exists. Public so a test can set up the same data where the property is off ({@link #create()}).
 */
@Component
@ConditionalOnProperty("hub.partner-adapters.demo-data")
public class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final ConsumerService consumers;
    private final RestaurantService restaurants;

    public DemoData(ConsumerService consumers, RestaurantService restaurants) {
        this.consumers = consumers;
        this.restaurants = restaurants;
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
        log.info("Demo data: consumers c-1 (limit 500), c-2 (limit 20), c-3 (inactive); restaurants r-ajanta, r-sushi");
    }

    /** The demo consumers and restaurants; skips what exists. */
    public void create() {
        consumers.create("c-1", "Ada Lovelace", new BigDecimal("500.00"), true);
        consumers.create("c-2", "Grace Hopper", new BigDecimal("20.00"), true);
        consumers.create("c-3", "Charles Babbage", new BigDecimal("500.00"), false);
        restaurants.create("r-ajanta", "Ajanta", List.of(
                new MenuItem("chicken-vindaloo", "Chicken Vindaloo", new BigDecimal("12.34")),
                new MenuItem("naan", "Garlic Naan", new BigDecimal("3.50")),
                new MenuItem("lassi", "Mango Lassi", new BigDecimal("4.25"))), TraceParent.continueOrStart(null));
        restaurants.create("r-sushi", "Sushi Corner", List.of(
                new MenuItem("maki", "Salmon Maki", new BigDecimal("9.80")),
                new MenuItem("miso", "Miso Soup", new BigDecimal("3.20"))), TraceParent.continueOrStart(null));
    }
}
