package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The whole embedded system as the README's run command starts it (minus the dev profile, so security is on):
 * a real Artemis server in the JVM, both services, PostgreSQL. Outside clients reach the broker over TCP only.
 */
@HubSystemTest
class EmbeddedHubTest {

    private static final String BROKER_PASSWORD = "test-broker-password";

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestRestTemplate http;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldRecordNotificationSentByAnOutsideClientOverTcpWithTheEnvelope() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        try (Connection connection = tcpConnectionFactory().createConnection("hub", BROKER_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("notification.commands"));
            TextMessage message = session.createTextMessage(
                    "{\"consumerId\":\"c-1\",\"orderId\":\"" + orderId + "\",\"text\":\"Your order was approved\","
                            + "\"someFieldFromTheFuture\":true}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "NotifyConsumer");
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", orderId);
            message.setStringProperty("JMSXGroupID", orderId);
            message.setStringProperty("traceparent", traceparent);
            producer.send(message);
            producer.send(message); // a redelivered duplicate must not record a second notification
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select consumer_id, order_id, trace_parent from notification.notifications where message_id = ?",
                    messageId);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("consumer_id", "c-1").containsEntry("order_id", orderId)
                    .containsEntry("trace_parent", traceparent);
        });
    }

    @Test
    void shouldDeadLetterAMessageOfUnknownTypeWithoutLosingIt() throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = tcpConnectionFactory().createConnection("hub", BROKER_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("notification.commands"));
            TextMessage message = session.createTextMessage("{}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "LaunchRockets");
            producer.send(message);

            // an unknown messageType is poison: dead-lettered at once, with the reason
            connection.start();
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ.notification.commands"),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(30_000);
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("does not accept messageType 'LaunchRockets'");
            assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo("notification-commands");
            assertThat(dead.getStringProperty("messageType")).isEqualTo("LaunchRockets");
        }
        assertThat(jdbc.queryForObject("select count(*) from notification.notifications where message_id = ?",
                Integer.class, messageId)).isZero();
    }

    @Test
    void shouldDeadLetterANotificationOfAMajorVersionTheAdapterCannotRead() throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = tcpConnectionFactory().createConnection("hub", BROKER_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(
                    "{\"consumerId\":\"c-9\",\"orderId\":\"o-9\",\"text\":\"from the future\"}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "NotifyConsumer");
            message.setStringProperty("messageVersion", "9.0");
            session.createProducer(session.createQueue("notification.commands")).send(message);

            // the YAML route is the template's: an unknown major version is poison, as on every Java route
            connection.start();
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ.notification.commands"),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(30_000);
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("hubDeadLetterReason"))
                    .contains("NotifyConsumer version 9.0 is not supported (accepts 1.x)");
            assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo("notification-commands");
        }
        assertThat(jdbc.queryForObject("select count(*) from notification.notifications where message_id = ?",
                Integer.class, messageId)).isZero();
    }

    @Test
    void shouldCountARedeliveredNotificationAsADuplicateAndRecordItOnce() throws Exception {
        String messageId = UUID.randomUUID().toString();
        double duplicatesBefore = notificationDuplicates();
        try (Connection connection = tcpConnectionFactory().createConnection("hub", BROKER_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("notification.commands"));
            TextMessage message = session.createTextMessage(
                    "{\"consumerId\":\"c-2\",\"orderId\":\"o-2\",\"text\":\"Your order was approved\"}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "NotifyConsumer");
            message.setStringProperty("messageVersion", "1.0");
            producer.send(message);
            producer.send(message);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> notificationDuplicates() == duplicatesBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from notification.notifications where message_id = ?",
                Integer.class, messageId)).isEqualTo(1);
    }

    private double notificationDuplicates() {
        Counter counter = meters.find("hub.messages.duplicates").tag("route", "notification-commands").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldRefuseAnonymousAndWrongPasswordConnections() {
        assertThatThrownBy(() -> tcpConnectionFactory().createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> tcpConnectionFactory().createConnection("hub", "wrong").close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void shouldSpeakStompOnTheTcpAcceptorToClientsInOtherLanguages() throws Exception {
        assertThat(stompConnect("hub", BROKER_PASSWORD)).startsWith("CONNECTED");
        assertThat(stompConnect("hub", "wrong")).startsWith("ERROR");
    }

    @Test
    void shouldReportDatabaseAndBrokerInHealth() {
        ResponseEntity<Map> health = http.withBasicAuth("admin", "test-admin-password")
                .getForEntity("/actuator/health", Map.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).containsEntry("status", "UP");
        Map<?, ?> components = (Map<?, ?>) health.getBody().get("components");
        assertThat(((Map<?, ?>) components.get("db")).get("status")).isEqualTo("UP");
        assertThat(((Map<?, ?>) components.get("jms")).get("status")).isEqualTo("UP");
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldServeHawtioWithTheCamelRoutesToOperatorsOnly() throws Exception {
        TestRestTemplate operator = http.withBasicAuth("admin", "test-admin-password");

        ResponseEntity<String> console = operator.getForEntity("/actuator/hawtio/", String.class);
        assertThat(console.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(console.getBody()).containsIgnoringCase("hawtio");

        // what Hawtio's Camel plugin reads: the route MBeans through Jolokia
        ResponseEntity<String> routes = operator.getForEntity(
                "/actuator/jolokia/search/org.apache.camel:type=routes,*", String.class);
        assertThat(routes.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(routes.getBody()).contains("notification-commands");
        assertThat(camel.getRouteController().getRouteStatus("notification-commands"))
                .isEqualTo(ServiceStatus.Started);
        // and every legacy circuit breaker with its state (Camel's processor MBean of the Circuit Breaker EIP)
        ResponseEntity<String> breaker = operator.getForEntity("/actuator/jolokia/read/org.apache.camel:"
                + "type=processors,name=\"consumer-profile-breaker\",*/CircuitBreakerState", String.class);
        assertThat(breaker.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(breaker.getBody()).containsPattern("\"CircuitBreakerState\":\"(CLOSED|OPEN|HALF_OPEN)\"");

        assertThat(anonymousGet("/actuator/jolokia/search/org.apache.camel:type=routes,*", null)).isEqualTo(401);
        assertThat(anonymousGet("/actuator/hawtio/", null)).isIn(401, 302);
        assertThat(anonymousGet("/actuator/prometheus", null)).isEqualTo(401);
        assertThat(anonymousGet("/actuator/prometheus", "admin:wrong")).isEqualTo(401);
        assertThat(anonymousGet("/actuator/health", null)).isEqualTo(200);
    }

    /** A fresh client without cookies: TestRestTemplate's copies share one cookie store (and session). */
    private int anonymousGet(String path, String basicCredentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path));
        if (basicCredentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void shouldExportCamelMetricsForPrometheus() {
        ResponseEntity<String> metrics = http.withBasicAuth("admin", "test-admin-password")
                .getForEntity("/actuator/prometheus", String.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.getBody()).contains("routeId=\"notification-commands\"")
                // every legacy circuit breaker's state, by Resilience4j's own meters
                .contains("resilience4j_circuitbreaker_state{name=\"consumer-profile-breaker\",state=\"closed\"}")
                .contains("resilience4j_circuitbreaker_state{name=\"legacy-accounting-breaker\"")
                .contains("resilience4j_bulkhead_available_concurrent_calls{name=\"consumer-profile-breaker\"}");
    }

    private ActiveMQConnectionFactory tcpConnectionFactory() {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=0");
    }

    private String stompConnect(String login, String passcode) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", brokerPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + login + "\npasscode:" + passcode
                    + "\n\n\0").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            return in.readLine();
        }
    }
}
