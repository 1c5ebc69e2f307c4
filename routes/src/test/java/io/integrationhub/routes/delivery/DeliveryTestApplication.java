package io.integrationhub.routes.delivery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * The routes module alone (embedded Artemis, the test database): an outbox in schema delivery_test that the test
 * writes steps to, and a command handler of {@value #CHANNEL} (4 consumers) whose handler records each step of an
 * aggregate — and fails for the aggregates in {@link #POISONED} until they are taken out (the fix), or for the first
 * deliveries of those in {@link #FAILING_DELIVERIES}.
 */
@SpringBootApplication
public class DeliveryTestApplication {

    static final String SCHEMA = "delivery_test";
    static final String CHANNEL = "notification.commands";
    static final String ROUTE = "delivery-test-steps";
    static final String MESSAGE_TYPE = "Step";
    /** aggregateId/step pairs whose handling fails, e.g. "agg-7/2". */
    static final Set<String> POISONED = ConcurrentHashMap.newKeySet();
    /** aggregateId/step pairs whose first handling fails (a transient failure: the redelivery succeeds). */
    static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();
    /** aggregateId/step pairs whose first n deliveries fail (the broker redelivers them; delivery n + 1 succeeds). */
    static final Map<String, Integer> FAILING_DELIVERIES = new ConcurrentHashMap<>();
    private static final Pattern STEP = Pattern.compile("\"step\":(\\d+)");

    @Bean
    ServiceSchema deliveryTestSchema() {
        return new ServiceSchema(SCHEMA, "classpath:db/delivery-test");
    }

    @Bean
    OutboxWriter deliveryTestOutbox(JdbcTemplate jdbc) {
        return new OutboxWriter(jdbc, SCHEMA, "jms");
    }

    @Bean
    AdminApi deliveryTestAdminApi() {
        return new AdminApi("delivery-test", "/api/v1/admin", "jms");
    }

    @Bean
    RouteBuilder deliveryTestRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId(ROUTE)
                        .parameter("channel", CHANNEL)
                        .parameter("schema", SCHEMA)
                        .parameter("messageTypes", MESSAGE_TYPE)
                        .parameter("concurrentConsumers", "4")
                        .parameter("handler", "direct:apply-step");
                from("direct:apply-step").routeId("apply-step").routeConfigurationId(HandlerErrors.ID)
                        .process(exchange -> {
                            Matcher step = STEP.matcher(exchange.getMessage().getBody(String.class));
                            if (!step.find()) {
                                throw new IllegalArgumentException("no step in " + exchange.getMessage().getBody());
                            }
                            String aggregateId = exchange.getMessage().getHeader("aggregateId", String.class);
                            String key = aggregateId + "/" + step.group(1);
                            if (POISONED.contains(key) || FAIL_ONCE.remove(key)
                                    || exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class)
                                            <= FAILING_DELIVERIES.getOrDefault(key, 0)) {
                                throw new IllegalStateException("step " + step.group(1) + " of " + aggregateId
                                        + " cannot be applied yet (test)");
                            }
                            exchange.getMessage().setHeader("step", Integer.parseInt(step.group(1)));
                        }).id("read-step")
                        .to("sql:insert into " + SCHEMA + ".effects (aggregate_id, step, message_id) values "
                                + "(:#${header.aggregateId}, :#${header.step}, :#${header.messageId})")
                        .id("record-step");
            }
        };
    }
}
