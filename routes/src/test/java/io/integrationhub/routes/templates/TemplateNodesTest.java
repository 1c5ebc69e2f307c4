package io.integrationhub.routes.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The template's own nodes, addressed by route id and node id ({@link HubRouteTemplates}' NODE_ constants). A
 * templated route is advised before the context starts ({@code @UseAdviceWith}): Camel 4.17 re-creates an advised
 * running route without its template parameters, and then fails.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TemplatesTestApplication.class, properties = {"spring.application.name=template-nodes-test",
        // what partner-adapters.yml sets, for the YAML route (yaml-commands): it consumes as partner-adapters' user
        "hub.partner-adapters.concurrent-consumers=2", "hub.partner-adapters.jms-component=partner-jms",
        "hub.broker.services.partner-adapters.user=partner-adapters",
        "hub.broker.services.partner-adapters.roles=partner-service",
        "hub.broker.services.partner-adapters.component=partner-jms"})
@ActiveProfiles("test")
@UseAdviceWith
class TemplateNodesTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionFactory broker;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void adviseOnceAndStart() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, TemplatesTestApplication.COMMANDS, route -> {
            route.weaveById(HubRouteTemplates.NODE_SKIP_DUPLICATE).after().to("mock:skipped");
            route.weaveById(HubRouteTemplates.NODE_HANDLER).before().to("mock:to-handler");
        });
        camel.start();
    }

    @Test
    void shouldHandOnlyTheFirstCopyToTheHandlerAndEveryLaterCopyToSkipDuplicate() throws Exception {
        String messageId = UUID.randomUUID().toString();
        MockEndpoint skipped = camel.getEndpoint("mock:skipped", MockEndpoint.class);
        MockEndpoint toHandler = camel.getEndpoint("mock:to-handler", MockEndpoint.class);
        toHandler.expectedMessageCount(1);
        skipped.expectedMessageCount(2);
        skipped.expectedHeaderValuesReceivedInAnyOrder("messageId", messageId, messageId);

        for (int copy = 0; copy < 3; copy++) {
            // one at a time: two consumers taking two copies at once would make one of them a redelivery
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute(TemplatesTestApplication.COMMANDS).whenDone(1)
                    .create();
            send(messageId);
            assertThat(done.matches(20, TimeUnit.SECONDS)).as("copy " + copy + " done").isTrue();
        }

        MockEndpoint.assertIsSatisfied(skipped, toHandler);
        assertThat(jdbc.queryForObject("select count(*) from templates_test.effects where message_id = ?",
                Integer.class, messageId)).isEqualTo(1);
    }

    private void send(String messageId) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"n\":1}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "DoThis");
            message.setStringProperty("messageVersion", "1.0");
            session.createProducer(session.createQueue(RouteTemplatesTest.QUEUE)).send(message);
        }
    }
}
