package io.integrationhub.routes.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.integrationhub.routes.templates.TemplatesTestApplication;

/**
 * The deploy gate against a real broker that outlives the service: one embedded Artemis journal, four starts of the
 * templates' test service on it. A v9 command waits in the queue and a v9 event in the topic subscription the
 * service consumes (a later build wrote them; this one reads 1.x and 2.x) → the start is refused, nothing consumed;
 * started with the gate switched off, the consumers dead-letter both; then the gate lets it start.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeployGateTest {

    static final String QUEUE = "notification.commands";
    static final String TOPIC = "restaurant.events";
    static final String SUBSCRIPTION = "templates-test.events";

    final int inVmId = 9_000 + (int) (Math.random() * 1_000);
    final String journal = "target/artemis-test/deploy-gate-" + UUID.randomUUID();

    @Test
    void shouldRefuseToStartWhileAQueueItConsumesHoldsAVersionThisBuildCannotRead(CapturedOutput output)
            throws Exception {
        String command = UUID.randomUUID().toString();
        String event = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext seeding = start(true, false)) {
            ConnectionFactory broker = seeding.getBean(ConnectionFactory.class);
            // the subscription exists (its service ran before); its events wait in it while the service is down
            try (Connection connection = broker.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Topic topic = session.createTopic(TOPIC);
                session.createSharedDurableConsumer(topic, SUBSCRIPTION).close();
            }
            send(broker, QUEUE, false, command, "DoThis", "9.0");
            send(broker, QUEUE, false, UUID.randomUUID().toString(), "DoThis", "1.4"); // readable: not counted
            send(broker, TOPIC, true, event, "SomethingHappened", "9.0");
        }

        assertThatThrownBy(() -> start(true, true).close())
                .satisfies(e -> assertThat(causes(e)).anyMatch(DeployGateException.class::isInstance));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("queue notification.commands: 1 message(s) of DoThis 9.0 — this build accepts "
                        + "Counted 1.x, 2.x; DoThat 1.x; DoThis 1.x")
                .contains("subscription templates-test.events of topic restaurant.events: 1 message(s) of "
                        + "SomethingHappened 9.0 — this build accepts SomethingHappened 2.x")
                .contains("Deploy a build that reads these versions")
                .contains("hub.deploy-gate.enabled=false");

        // the refused start consumed nothing: with the gate off, the consumers find both and dead-letter them
        try (ConfigurableApplicationContext override = start(false, true)) {
            ConnectionFactory broker = override.getBean(ConnectionFactory.class);
            assertThat(deadLetter(broker, QUEUE, command).getStringProperty("hubDeadLetterReason"))
                    .contains("DoThis version 9.0 is not supported (accepts 1.x)");
            assertThat(deadLetter(broker, TOPIC, event).getStringProperty("hubDeadLetterReason"))
                    .contains("SomethingHappened version 9.0 is not supported (accepts 2.x)");
        }

        try (ConfigurableApplicationContext started = start(true, true)) {
            assertThat(started.isRunning()).isTrue();
        }
        assertThat(output).contains("Deploy gate: 3 consumed queue(s) hold no message of a version this build "
                + "cannot read (checked in ");
    }

    private ConfigurableApplicationContext start(boolean gate, boolean consume) throws Exception {
        return new SpringApplicationBuilder(TemplatesTestApplication.class).profiles("test").run(
                "--spring.application.name=templates-test", "--server.port=0",
                "--hub.test.broker-override=false", "--hub.broker.url=vm://" + inVmId,
                "--hub.broker.embedded.in-vm-id=" + inVmId, "--hub.broker.embedded.name=deploy-gate-test",
                "--hub.broker.embedded.port=" + freePort(), "--hub.broker.embedded.data-directory=" + journal,
                "--hub.deploy-gate.enabled=" + gate, "--camel.main.auto-startup=" + consume,
                // what partner-adapters.yml sets, for the YAML route of the templates' test service
                "--hub.partner-adapters.concurrent-consumers=2", "--hub.partner-adapters.jms-component=partner-jms",
                "--hub.broker.services.partner-adapters.user=partner-adapters",
                "--hub.broker.services.partner-adapters.roles=partner-service",
                "--hub.broker.services.partner-adapters.component=partner-jms");
    }

    private static void send(ConnectionFactory broker, String channel, boolean topic, String messageId, String type,
            String version) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"n\":1}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", type);
            message.setStringProperty("messageVersion", version);
            session.createProducer(topic ? session.createTopic(channel) : session.createQueue(channel)).send(message);
        }
    }

    private static Message deadLetter(ConnectionFactory broker, String channel, String messageId) throws Exception {
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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
