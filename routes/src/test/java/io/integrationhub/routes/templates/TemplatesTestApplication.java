package io.integrationhub.routes.templates;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.integrationhub.routes.db.ServiceSchema;
import io.integrationhub.routes.versions.UpcasterChain;
import io.integrationhub.routes.yaml.YamlRoutesFolder;

/**
 * The routes module alone (embedded Artemis, the test database) with one route of each template, instantiated from
 * Java, and a command handler instantiated from YAML (examples/yaml-commands.camel.yaml), loaded from a folder as a
 * service would.
 */
@SpringBootApplication
public class TemplatesTestApplication {

    static final String COMMANDS = "test-commands";
    static final String EVENTS = "test-events";
    static final String COUNTED = "Counted";

    @Bean
    ServiceSchema templatesTestSchema() {
        return new ServiceSchema("templates_test", "classpath:db/templates-test");
    }

    @Bean
    YamlRoutesFolder exampleYamlRoutes() {
        return new YamlRoutesFolder("templates-test", "classpath:examples", false);
    }

    /** Counted 2.0 carries {"count": "<n>"}; 1.x carried {"n": <n>}: the command handler reads both. */
    @Bean
    UpcasterChain countedUpcasters() {
        return UpcasterChain.reading(COUNTED, 2)
                .upcasting(1, payload -> payload.put("count", payload.remove("n").asText()));
    }

    /** A command handler and an event subscriber whose handlers record what they were given and tell a mock. */
    @Bean
    RouteBuilder templatedTestRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId(COMMANDS)
                        .parameter("channel", "{{hub.channels.notification-commands}}")
                        .parameter("schema", "templates_test")
                        .parameter("messageTypes", "DoThis, DoThat, " + COUNTED)
                        .parameter("concurrentConsumers", "2")
                        .parameter("handler", "direct:record-command");
                templatedRoute(HubRouteTemplates.EVENT_SUBSCRIBER).routeId(EVENTS)
                        .parameter("channel", "{{hub.channels.restaurant-events}}")
                        .parameter("subscriptionName", "templates-test.events")
                        .parameter("schema", "templates_test")
                        .parameter("messageTypes", "SomethingHappened")
                        .parameter("majorVersion", "2")
                        .parameter("handler", "direct:record-event");

                from("direct:record-command").routeId("record-command").routeConfigurationId(HandlerErrors.ID)
                        .to("sql:insert into templates_test.effects (route, message_id) values ('"
                                + COMMANDS + "', :#${header.messageId})").id("insert-command-effect")
                        .to("mock:commands").id("commands-handled");
                from("direct:record-event").routeId("record-event").routeConfigurationId(HandlerErrors.ID)
                        .to("sql:insert into templates_test.effects (route, message_id) values ('"
                                + EVENTS + "', :#${header.messageId})").id("insert-event-effect")
                        .to("mock:events").id("events-handled");
            }
        };
    }
}
