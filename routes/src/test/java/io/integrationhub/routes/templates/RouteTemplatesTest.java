package io.integrationhub.routes.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The templates on a real embedded Artemis and the real PostgreSQL: what every consuming route instantiated from them
 * does with good, duplicated, poison and failing messages — for a queue, a topic, and a route instantiated from YAML.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TemplatesTestApplication.class, properties = {"spring.application.name=templates-test",
        // what partner-adapters.yml sets, for the YAML route: it consumes as partner-adapters' user
        "hub.partner-adapters.concurrent-consumers=2", "hub.partner-adapters.jms-component=partner-jms",
        "hub.broker.services.partner-adapters.user=partner-adapters",
        "hub.broker.services.partner-adapters.roles=partner-service",
        "hub.broker.services.partner-adapters.component=partner-jms"})
@ActiveProfiles("test")
class RouteTemplatesTest {

    static final String QUEUE = "notification.commands";
    static final String TOPIC = "restaurant.events";
    /** The YAML-instantiated route (examples/yaml-commands.camel.yaml) and the queue it consumes. */
    static final String YAML_COMMANDS = "yaml-commands";
    static final String YAML_QUEUE = "kitchen.commands";

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionFactory broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    MockEndpoint commands;
    MockEndpoint events;

    @BeforeEach
    void resetMocks() {
        MockEndpoint.resetMocks(camel);
        commands = camel.getEndpoint("mock:commands", MockEndpoint.class);
        events = camel.getEndpoint("mock:events", MockEndpoint.class);
    }

    @Test
    void shouldHandleACommandOnceAndCountTheDuplicateWhenItIsDeliveredTwice() throws Exception {
        String messageId = UUID.randomUUID().toString();
        double duplicatesBefore = duplicates(TemplatesTestApplication.COMMANDS);
        commands.expectedMessageCount(1);
        commands.expectedHeaderReceived("messageId", messageId);
        commands.expectedPropertyReceived(HubRouteTemplates.HUB_JMS_COMPONENT, "jms");
        NotifyBuilder bothDone = new NotifyBuilder(camel).fromRoute(TemplatesTestApplication.COMMANDS).whenDone(2)
                .create();

        send(QUEUE, false, messageId, "DoThat", "1.3");
        send(QUEUE, false, messageId, "DoThat", "1.3");

        assertThat(bothDone.matches(20, TimeUnit.SECONDS)).as("both deliveries done").isTrue();
        commands.assertIsSatisfied();
        assertThat(effects(messageId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates(TemplatesTestApplication.COMMANDS) == duplicatesBefore + 1);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(nullValues = "null", value = {
            "LaunchRockets, 1.0, does not accept messageType 'LaunchRockets', unknown messageType",
            "null,          1.0, does not accept messageType 'null',          no messageType",
            "DoThis,        9.0, version 9.0 is not supported (accepts 1.x), unsupported major version",
            "DoThis,        0.9, version 0.9 is not supported (accepts 1.x), older major version"})
    void shouldDeadLetterAtOnceACommandTheRouteCannotRead(String messageType, String version, String reason,
            String what) throws Exception {
        String messageId = UUID.randomUUID().toString();
        commands.expectedMessageCount(0);

        send(QUEUE, false, messageId, messageType, version);

        Message dead = deadLetter(QUEUE, messageId);
        assertThat(dead.getStringProperty("hubDeadLetterReason")).contains(reason);
        assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo(TemplatesTestApplication.COMMANDS);
        assertThat(dead.getIntProperty("JMSXDeliveryCount")).as("dead-lettered at once").isEqualTo(1);
        commands.assertIsSatisfied();
        assertThat(effects(messageId)).isZero();
    }

    @Test
    void shouldHandleTheOldAndTheNewMajorAlikeThroughTheUpcasterAndDeadLetterAnUnknownOne() throws Exception {
        String v1 = UUID.randomUUID().toString();
        String v2 = UUID.randomUUID().toString();
        String v3 = UUID.randomUUID().toString();
        commands.expectedBodiesReceived("{\"count\":\"1\"}", "{\"count\":\"1\"}");
        commands.expectedHeaderValuesReceivedInAnyOrder("messageVersion", "2.0", "2.0");

        send(QUEUE, false, v1, TemplatesTestApplication.COUNTED, "1.0", null, "{\"n\":1}");
        commands.setResultWaitTime(20_000);
        // one at a time: two consumers could take them in either order
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(v1) == 1);
        send(QUEUE, false, v2, TemplatesTestApplication.COUNTED, "2.0", null, "{\"count\":\"1\"}");
        send(QUEUE, false, v3, TemplatesTestApplication.COUNTED, "3.0", null, "{\"count\":{\"value\":1}}");

        assertThat(deadLetter(QUEUE, v3).getStringProperty("hubDeadLetterReason"))
                .contains("Counted version 3.0 is not supported (accepts 1.x, 2.x)");
        commands.assertIsSatisfied();
        assertThat(effects(v2)).isEqualTo(1);
        assertThat(effects(v3)).isZero();
    }

    @Test
    void shouldDeadLetterACommandWithoutMessageId() throws Exception {
        String marker = UUID.randomUUID().toString();
        send(QUEUE, false, null, "DoThis", "1.0", marker);

        try (Connection connection = broker.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ." + QUEUE),
                    "marker = '" + marker + "'");
            Message dead = deadLetters.receive(20_000);
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("no usable messageId");
        }
    }

    @Test
    void shouldUndoTheEffectAndHandleOnceWhenTheHandlerFailsBeforeTheCommit() throws Exception {
        String messageId = UUID.randomUUID().toString();
        AtomicBoolean failed = new AtomicBoolean();
        // after the handler's insert, before the commit: the insert and the processed key must roll back together
        AdviceWith.adviceWith(camel, "record-command", route -> route.weaveById("commands-handled").before()
                .process(exchange -> {
                    if (messageId.equals(exchange.getMessage().getHeader("messageId")) && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("database connection lost (test)");
                    }
                }));
        // the advised route is a new route, with a new mock endpoint
        commands = camel.getEndpoint("mock:commands", MockEndpoint.class);
        NotifyBuilder redelivered = new NotifyBuilder(camel).fromRoute(TemplatesTestApplication.COMMANDS)
                .filter(exchange -> messageId.equals(exchange.getMessage().getHeader("messageId")))
                .whenCompleted(1).create();
        commands.expectedBodiesReceived("{\"n\":1}");

        send(QUEUE, false, messageId, "DoThis", "1.0");

        assertThat(redelivered.matches(20, TimeUnit.SECONDS)).as("redelivered and handled").isTrue();
        commands.assertIsSatisfied();
        assertThat(failed).isTrue();
        assertThat(effects(messageId)).as("the failed attempt left nothing").isEqualTo(1);
    }

    @Test
    void shouldApplyAnEventOnceFromTheSharedDurableSubscription() throws Exception {
        String messageId = UUID.randomUUID().toString();
        double duplicatesBefore = duplicates(TemplatesTestApplication.EVENTS);
        events.expectedHeaderReceived("messageId", messageId);
        events.expectedMessageCount(1);
        NotifyBuilder bothDone = new NotifyBuilder(camel).fromRoute(TemplatesTestApplication.EVENTS).whenDone(2)
                .create();

        send(TOPIC, true, messageId, "SomethingHappened", "2.1");
        send(TOPIC, true, messageId, "SomethingHappened", "2.1");

        assertThat(bothDone.matches(20, TimeUnit.SECONDS)).isTrue();
        events.assertIsSatisfied();
        assertThat(effects(messageId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates(TemplatesTestApplication.EVENTS) == duplicatesBefore + 1);
    }

    @Test
    void shouldDeadLetterAnEventOfAMajorVersionTheSubscriberCannotRead() throws Exception {
        String messageId = UUID.randomUUID().toString();
        events.expectedMessageCount(0);

        send(TOPIC, true, messageId, "SomethingHappened", "1.0");

        Message dead = deadLetter(TOPIC, messageId);
        assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("version 1.0 is not supported (accepts 2.x)");
        assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo(TemplatesTestApplication.EVENTS);
        events.assertIsSatisfied();
    }

    @Test
    void shouldHandleACommandOnceWithTheRouteInstantiatedFromYaml() throws Exception {
        String messageId = UUID.randomUUID().toString();
        double duplicatesBefore = duplicates(YAML_COMMANDS);
        NotifyBuilder bothDone = new NotifyBuilder(camel).fromRoute(YAML_COMMANDS).whenDone(2).create();

        send(YAML_QUEUE, false, messageId, "DoThis", "1.0");
        send(YAML_QUEUE, false, messageId, "DoThis", "1.0");

        assertThat(bothDone.matches(20, TimeUnit.SECONDS)).isTrue();
        // two consumers may take both copies at once: the second then fails on the key and is redelivered as duplicate
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates(YAML_COMMANDS) == duplicatesBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from templates_test.effects where message_id = ? and route = ?",
                Integer.class, messageId, YAML_COMMANDS)).isEqualTo(1);

        String unreadable = UUID.randomUUID().toString();
        send(YAML_QUEUE, false, unreadable, "DoThis", "9.0");
        assertThat(deadLetter(YAML_QUEUE, unreadable).getStringProperty("hubDeadLetterReason"))
                .contains("version 9.0 is not supported");
    }

    @Test
    void shouldShowOperatorsWhatEachTemplatedRouteConsumesAndWhichTemplateMadeIt() {
        // what Hawtio lists: the resolved channel, never a template's placeholder
        assertThat(camel.getRoute(YAML_COMMANDS).getEndpoint().getEndpointUri())
                .startsWith("partner-jms://queue:kitchen.commands?");
        assertThat(camel.getRoute(TemplatesTestApplication.EVENTS).getEndpoint().getEndpointUri())
                .startsWith("jms://topic:restaurant.events?");
        assertThat(camel.getRoute(TemplatesTestApplication.COMMANDS).getDescription())
                .isEqualTo(HubRouteTemplates.COMMAND_HANDLER_DESCRIPTION).doesNotContain("{{");
        assertThat(camel.getRoute(TemplatesTestApplication.EVENTS).getDescription())
                .isEqualTo(HubRouteTemplates.EVENT_SUBSCRIBER_DESCRIPTION);
    }

    private void send(String channel, boolean topic, String messageId, String messageType, String version)
            throws Exception {
        send(channel, topic, messageId, messageType, version, null, "{\"n\":1}");
    }

    private void send(String channel, boolean topic, String messageId, String messageType, String version,
            String marker) throws Exception {
        send(channel, topic, messageId, messageType, version, marker, "{\"n\":1}");
    }

    private void send(String channel, boolean topic, String messageId, String messageType, String version,
            String marker, String body) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            if (messageId != null) {
                message.setStringProperty("messageId", messageId);
            }
            if (messageType != null) {
                message.setStringProperty("messageType", messageType);
            }
            message.setStringProperty("messageVersion", version);
            if (marker != null) {
                message.setStringProperty("marker", marker);
            }
            session.createProducer(topic ? session.createTopic(channel) : session.createQueue(channel)).send(message);
        }
    }

    private Message deadLetter(String channel, String messageId) throws Exception {
        try (Connection connection = broker.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ." + channel),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(20_000);
            assertThat(dead).as("dead letter of " + messageId + " in DLQ." + channel).isNotNull();
            return dead;
        }
    }

    private int effects(String messageId) {
        return jdbc.queryForObject("select count(*) from templates_test.effects where message_id = ?", Integer.class,
                messageId);
    }

    private double duplicates(String route) {
        Counter counter = meters.find("hub.messages.duplicates").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }
}
