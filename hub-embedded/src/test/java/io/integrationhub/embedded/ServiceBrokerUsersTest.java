package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.embedded.ForeignClients.Protocol;
import io.integrationhub.routes.broker.BrokerUsers;

/**
 * Item 7 of issue 9, embedded mode: order-app and the partner adapters share one JVM and one CamelContext but not a
 * broker identity. Each service's routes consume, send (outbox relays, request/reply, replies) and read dead letters
 * as the service's own user with only its own role; the privileged test user {@code hub} is none of them. Checked on
 * the broker itself: the user of every session that consumes a service channel, and of every message sent.
 */
@HubSystemTest
class ServiceBrokerUsersTest {

    static final String ORDER_APP = "order-app";
    static final String PARTNER_ADAPTERS = "partner-adapters";

    /** The addresses each service consumes (DESIGN.md §2). */
    static final Map<String, String> CONSUMER_OF = Map.of(
            "order.replies", ORDER_APP,
            "restaurant.events", ORDER_APP,
            "consumer.commands", PARTNER_ADAPTERS,
            "consumer.queries", PARTNER_ADAPTERS,
            "restaurant.commands", PARTNER_ADAPTERS,
            "kitchen.commands", PARTNER_ADAPTERS,
            "accounting.commands", PARTNER_ADAPTERS,
            "notification.commands", PARTNER_ADAPTERS,
            "order.events", PARTNER_ADAPTERS);

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    BrokerUsers users;

    @Autowired
    CamelContext camel;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    /** messageType → the broker users that sent a message of that type. */
    final Map<String, Set<String>> sendersByType = new ConcurrentHashMap<>();

    final ActiveMQServerMessagePlugin senders = new ActiveMQServerMessagePlugin() {
        @Override
        public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                boolean noAutoCreateQueue) {
            Object type = message.getObjectProperty("messageType");
            if (type != null) {
                sendersByType.computeIfAbsent(type.toString(), t -> ConcurrentHashMap.newKeySet())
                        .add(String.valueOf(session.getUsername()));
            }
        }
    };

    @BeforeEach
    void recordSenders() {
        server().registerBrokerPlugin(senders);
    }

    @AfterEach
    void stopRecording() {
        server().unRegisterBrokerPlugin(senders);
    }

    @Test
    void everyServiceHasItsOwnBrokerUserWithOnlyItsOwnRole() {
        assertThat(users.service(ORDER_APP).credentials().user()).isEqualTo("order-app");
        assertThat(users.service(ORDER_APP).credentials().roles()).containsExactly("order-service");
        assertThat(users.service(PARTNER_ADAPTERS).credentials().user()).isEqualTo("partner-adapters");
        assertThat(users.service(PARTNER_ADAPTERS).credentials().roles()).containsExactly("partner-service");
        assertThat(users.client().orElseThrow().user()).as("the privileged test client").isEqualTo("hub");
        // each service's component has the shared JMS settings (camel.component.jms.*) the poison handling needs
        for (String component : List.of("order-jms", "partner-jms")) {
            JmsConfiguration configuration = camel.getComponent(component, JmsComponent.class).getConfiguration();
            assertThat(configuration.isEagerLoadingOfProperties()).as(component).isTrue();
            assertThat(configuration.getCacheLevelName()).as(component).isEqualTo("CACHE_CONSUMER");
        }
    }

    /** Not about users, but about the same broker: it runs with broker.xml's journal settings, not Artemis' defaults. */
    @Test
    void theEmbeddedBrokerWaitsForADiskSyncOnlyAsLongAsBrokerXmlSays() {
        assertThat(server().getConfiguration().getJournalBufferTimeout_NIO())
                .as("journal-buffer-timeout (ns); Artemis' NIO default is 3,333,333").isEqualTo(100_000);
    }

    @Test
    void eachChannelIsConsumedOnlyByTheServiceThatOwnsItAndNeverAsTheSharedUser() {
        await().atMost(Duration.ofSeconds(20)).until(() -> consumingUsers().keySet().containsAll(CONSUMER_OF.keySet()));

        Map<String, Set<String>> consumers = consumingUsers();
        CONSUMER_OF.forEach((address, service) -> assertThat(consumers.get(address)).as("users consuming " + address)
                .containsExactly(service));
    }

    @Test
    void everyMessageOfAnOrderFlowReachesTheBrokerAsTheServiceThatSentIt() throws Exception {
        String restaurant = newRestaurant();
        String consumer = newConsumer();
        String orderId = placeOrder(consumer, restaurant);
        await().atMost(Duration.ofSeconds(30)).until(() -> "APPROVED".equals(state(orderId)));
        // request/reply over JMS: the request as order-app, Camel's answer to JMSReplyTo as partner-adapters
        assertThat(get("/api/v1/consumers/" + consumer).statusCode()).isEqualTo(200);

        // order-app's outbox relay and request/reply
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String type : List.of("OrderCreated", "ValidateConsumerInfo", "ValidateOrderDetails", "OrderValidated",
                    "GetConsumer")) {
                assertThat(sendersByType.get(type)).as("senders of " + type).containsExactly("order-app");
            }
            // the adapters' outbox relays (consumer, restaurant) and the consumer-queries reply
            for (String type : List.of("RestaurantCreated", "ConsumerValidated", "OrderDetailsValidated",
                    "ConsumerDetails")) {
                assertThat(sendersByType.get(type)).as("senders of " + type).containsExactly("partner-adapters");
            }
        });
    }

    @Test
    void orderAppsUserMayNotConsumeAPartnersChannels() throws Exception {
        var orderApp = users.service(ORDER_APP).credentials();
        for (String channel : List.of("consumer.commands", "restaurant.commands", "notification.commands",
                "accounting.commands", "kitchen.commands")) {
            assertRefused(orderApp, session -> session.createConsumer(session.createQueue(channel)));
        }
        assertRefused(orderApp, session -> session.createBrowser(session.createQueue("DLQ.consumer.commands"))
                .getEnumeration().hasMoreElements());
        // while it may still read what is its own
        assertAllowed(orderApp, session -> session.createBrowser(session.createQueue("DLQ.order.replies"))
                .getEnumeration().hasMoreElements());
    }

    @Test
    void partnerAdaptersUserMayNotConsumeTheOrderServicesChannels() throws Exception {
        var partners = users.service(PARTNER_ADAPTERS).credentials();
        assertRefused(partners, session -> session.createConsumer(session.createQueue("order.replies")));
        assertRefused(partners, session -> session.createConsumer(session.createQueue("order.delivery-quotes")));
        assertRefused(partners, session -> session.createBrowser(session.createQueue("DLQ.order.replies"))
                .getEnumeration().hasMoreElements());
        assertAllowed(partners, session -> session.createBrowser(session.createQueue("DLQ.consumer.commands"))
                .getEnumeration().hasMoreElements());
    }

    @Test
    void eachAdminApiListsTheDeadLettersOfItsOwnServicesChannelsOnly() throws Exception {
        assertThat(operatorGet("/partners/api/v1/admin/dead-letters?channel=consumer.commands").statusCode())
                .isEqualTo(200);
        assertThat(operatorGet("/api/v1/admin/dead-letters?channel=order.replies").statusCode()).isEqualTo(200);

        HttpResponse<String> foreign = operatorGet("/api/v1/admin/dead-letters?channel=consumer.commands");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(foreign.body()).contains("that service's admin API");
        assertThat(operatorGet("/partners/api/v1/admin/dead-letters?channel=order.replies").statusCode())
                .isEqualTo(403);
    }

    // --- the broker's view

    private ActiveMQServer server() {
        return broker.getActiveMQServer();
    }

    /** address → users of the sessions that hold a consumer on it (service channels only). */
    private Map<String, Set<String>> consumingUsers() {
        Map<String, Set<String>> users = new ConcurrentHashMap<>();
        for (ServerSession session : server().getSessions()) {
            for (ServerConsumer consumer : session.getServerConsumers()) {
                String address = String.valueOf(consumer.getQueueAddress());
                if (CONSUMER_OF.containsKey(address)) {
                    users.computeIfAbsent(address, a -> new TreeSet<>()).add(String.valueOf(session.getUsername()));
                }
            }
        }
        return users;
    }

    interface SessionAction {
        void run(Session session) throws Exception;
    }

    private void assertRefused(BrokerUsers.Credentials user, SessionAction action) {
        assertThatThrownBy(() -> run(user, action)).isInstanceOf(JMSSecurityException.class);
    }

    private void assertAllowed(BrokerUsers.Credentials user, SessionAction action) throws Exception {
        run(user, action);
    }

    private void run(BrokerUsers.Credentials user, SessionAction action) throws Exception {
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, user.user(), user.password())) {
            connection.start();
            action.run(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
        }
    }

    // --- the services' public APIs

    private String newRestaurant() throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/restaurants", """
                {"name":"Separate Users Kitchen","menuItems":[{"id":"dal","name":"Dal","price":4.50}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("restaurantId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + id).statusCode() == 200);
        return id;
    }

    private String newConsumer() throws Exception {
        HttpResponse<String> created = post("/partners/api/v1/consumers",
                "{\"name\":\"Grace Hopper\",\"creditLimit\":100.00}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("consumerId").asText();
    }

    private String placeOrder(String consumer, String restaurant) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/orders", """
                {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"dal","quantity":1}]}"""
                .formatted(consumer, restaurant));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json.readTree(accepted.body()).get("orderId").asText();
    }

    private String state(String orderId) throws Exception {
        return json.readTree(get("/api/v1/orders/" + orderId).body()).get("state").asText();
    }

    private HttpResponse<String> operatorGet(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes());
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        // as an operator: the partner write API needs a login outside the dev profile (orders accept it too)
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", HubSystemTest.OPERATOR_BASIC)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
