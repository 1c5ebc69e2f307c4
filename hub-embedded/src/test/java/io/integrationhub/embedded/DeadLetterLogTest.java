package io.integrationhub.embedded;

import static io.integrationhub.embedded.ForeignClients.ADMIN;
import static io.integrationhub.embedded.ForeignClients.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.integrationhub.embedded.ForeignClients.Protocol;
import io.integrationhub.routes.messaging.HubJmsErrors;

/**
 * Issue 12 item 8: a dead-lettered message logs one line saying where it went and why — not Camel's rollback
 * warnings, not the listener container's "Execution of JMS message listener failed", no stack trace. Everything the
 * consuming thread logs at WARN or above while the message is handled is captured on the root logger.
 */
@HubSystemTest
class DeadLetterLogTest {

    private static final String CHANNEL = "notification.commands";

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(log);
        log.stop();
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithOneWarningThatSaysWhereAndWhyAndNoStackTrace() throws Exception {
        String messageId = UUID.randomUUID().toString();
        send(messageId, "NoSuchCommand", "{\"consumerId\":\"c-log\",\"orderId\":\"o-log\",\"text\":\"x\"}");

        ILoggingEvent line = awaitDeadLetterLine(messageId);

        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage()).contains("Dead-lettered NoSuchCommand " + messageId + " from " + CHANNEL
                + " to DLQ." + CHANNEL + ":").contains("NoSuchCommand");
        assertThat(warningsOf(line.getThreadName())).as("WARN+ lines of the consuming thread").containsExactly(line);
        assertNoStackTrace(line.getThreadName());
    }

    @Test
    void aMessageThatFailsEveryDeliveryLogsOneLineForItsDeadLetterAndNoStackTrace() throws Exception {
        String messageId = UUID.randomUUID().toString();
        // a NotifyConsumer without consumerId: the insert fails (not null) on every delivery, so it is redelivered
        // until the last attempt, then dead-lettered
        send(messageId, "NotifyConsumer", "{\"orderId\":\"o-log\",\"text\":\"no consumer\"}");

        ILoggingEvent line = awaitDeadLetterLine(messageId);

        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage()).contains("Dead-lettered NotifyConsumer " + messageId + " from "
                + CHANNEL + " to DLQ." + CHANNEL + ":");
        List<ILoggingEvent> mentions = log.list.stream()
                .filter(event -> event.getFormattedMessage().contains(messageId)).toList();
        assertThat(mentions).filteredOn(event -> event.getFormattedMessage().contains("Dead-lettered"))
                .as("dead-letter lines for the message").containsExactly(line);
        // each earlier delivery: one short line from hub-jms saying so, without a stack trace
        assertThat(mentions).filteredOn(event -> event.getFormattedMessage().startsWith("Delivery "))
                .as("lines for the failed deliveries before the last").isNotEmpty()
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\n"));
        // and nothing else at WARN or above on the threads that handled it: not Camel's, not Spring's error handlers
        for (String thread : mentions.stream().map(ILoggingEvent::getThreadName).distinct().toList()) {
            assertThat(warningsOf(thread)).as("WARN+ lines of " + thread)
                    .allSatisfy(event -> assertThat(event.getLoggerName()).isEqualTo(HubJmsErrors.class.getName()));
            assertNoStackTrace(thread);
        }
    }

    /** The one dead-letter line, once the message is in DLQ.<channel>. */
    private ILoggingEvent awaitDeadLetterLine(String messageId) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> inDeadLetterQueue(messageId));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                .anyMatch(event -> event.getFormattedMessage().contains("Dead-lettered")
                        && event.getFormattedMessage().contains(messageId)));
        // let the listener finish the message (commit, any logging after the route) before reading the log
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        return log.list.stream().filter(event -> event.getFormattedMessage().contains("Dead-lettered")
                && event.getFormattedMessage().contains(messageId)).findFirst().orElseThrow();
    }

    private List<ILoggingEvent> warningsOf(String thread) {
        return log.list.stream().filter(event -> event.getThreadName().equals(thread))
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    private void assertNoStackTrace(String thread) {
        assertThat(log.list.stream().filter(event -> event.getThreadName().equals(thread))
                .filter(event -> event.getThrowableProxy() != null || event.getFormattedMessage().contains("\tat "))
                .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()))
                .as("lines with a stack trace on the consuming thread").isEmpty();
    }

    private void send(String messageId, String messageType, String body) throws JMSException {
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(CHANNEL));
            Message message = session.createTextMessage(body);
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", messageType);
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", "o-log");
            producer.send(message);
        }
    }

    private boolean inDeadLetterQueue(String messageId) throws JMSException {
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ." + CHANNEL),
                    "messageId = '" + messageId + "'")) {
                return browser.getEnumeration().hasMoreElements();
            }
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
