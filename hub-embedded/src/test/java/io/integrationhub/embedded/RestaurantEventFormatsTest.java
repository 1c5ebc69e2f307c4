package io.integrationhub.embedded;

import static io.integrationhub.embedded.ForeignClients.ADMIN;
import static io.integrationhub.embedded.ForeignClients.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.contracts.proto.v1.MenuItem;
import io.integrationhub.contracts.proto.v1.MenuRevised;
import io.integrationhub.contracts.proto.v1.RestaurantCreated;
import io.integrationhub.embedded.ForeignClients.Protocol;
import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.restaurant.RestaurantEventFormat;
import io.integrationhub.partners.restaurant.RestaurantMessages;
import io.integrationhub.partners.restaurant.RestaurantService;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.ContentTypes;
import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * restaurant.events carries JSON and Protocol Buffers, told apart by the message's Content-Type: the replica reads
 * both (from the restaurant service's outbox and from an outside client), and dead-letters a Content-Type it does not
 * know or protobuf bytes that are no such message, with the reason.
 */
@HubSystemTest
class RestaurantEventFormatsTest {

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @LocalServerPort
    int httpPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    @Qualifier("restaurantOutbox")
    OutboxWriter restaurantOutbox;

    @Autowired
    PartnerJson partnerJson;

    @Autowired
    Channels channels;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldReplicateARestaurantPublishedAsProtobufThroughTheOutbox() throws Exception {
        // the restaurant service as it runs with event-content-type application/x-protobuf
        RestaurantService protobufPublisher = new RestaurantService(jdbc, restaurantOutbox, partnerJson, channels,
                new RestaurantEventFormat(ContentTypes.PROTOBUF));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        String id = "r-proto-" + UUID.randomUUID();
        tx.executeWithoutResult(status -> protobufPublisher.create(id, "Proto Kitchen", List.of(
                new RestaurantMessages.MenuItem("dal", "Dal", new BigDecimal("4.50"))), null));

        // the outbox keeps the bytes as base64 text under their Content-Type
        var row = jdbc.queryForMap("select content_type, payload from restaurant.outbox where aggregate_id = ?", id);
        assertThat(row.get("content_type")).isEqualTo(ContentTypes.PROTOBUF);
        assertThat(RestaurantCreated.parseFrom(java.util.Base64.getDecoder().decode((String) row.get("payload")))
                .getName()).isEqualTo("Proto Kitchen");

        JsonNode restaurant = awaitReplica(id);
        assertThat(restaurant.get("name").asText()).isEqualTo("Proto Kitchen");
        assertThat(restaurant.get("menuItems").get(0).get("price").decimalValue()).isEqualByComparingTo("4.50");
    }

    @Test
    void shouldReadProtobufEventsSentByAnOutsideClient() throws Exception {
        String id = "r-outside-" + UUID.randomUUID();
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            send(session, protobuf(session, "RestaurantCreated", id, RestaurantCreated.newBuilder()
                    .setRestaurantId(id).setName("Outside Sushi").setMenuVersion(1)
                    .addMenuItems(MenuItem.newBuilder().setId("maki").setName("Maki").setPrice("6.20"))
                    .build().toByteArray()));
            assertThat(awaitReplica(id).get("menuItems").get(0).get("id").asText()).isEqualTo("maki");

            send(session, protobuf(session, "MenuRevised", id, MenuRevised.newBuilder()
                    .setRestaurantId(id).setMenuVersion(2)
                    .addMenuItems(MenuItem.newBuilder().setId("nigiri").setName("Nigiri").setPrice("7.00"))
                    .build().toByteArray()));
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + id).body()
                    .contains("nigiri"));
        }
    }

    @Test
    void shouldDeadLetterAContentTypeItDoesNotReadAndProtobufThatIsNoSuchMessage() throws Exception {
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String xmlId = "r-xml-" + UUID.randomUUID();
            Message xml = session.createTextMessage("<restaurant id='" + xmlId + "'/>");
            envelope(xml, "RestaurantCreated", xmlId, "application/xml");
            send(session, xml);

            String garbageId = "r-garbage-" + UUID.randomUUID();
            send(session, protobuf(session, "RestaurantCreated", garbageId,
                    "not protobuf at all".getBytes(StandardCharsets.UTF_8)));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(deadLetterReason(session, xmlId)).contains("Content-Type 'application/xml'")
                        .contains("accepted: application/json, application/x-protobuf");
                assertThat(deadLetterReason(session, garbageId)).contains("not a readable application/x-protobuf");
            });
            assertThat(get("/api/v1/restaurants/" + xmlId).statusCode()).isEqualTo(404);
            assertThat(get("/api/v1/restaurants/" + garbageId).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldDeclareBothFormatsInTheAsyncApiDocumentWithTheIdlsOwnMessages() throws Exception {
        String idl;
        try (var in = getClass().getResourceAsStream("/integrationhub/v1/hub.proto")) {
            idl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> document;
        try (var in = getClass().getResourceAsStream("/asyncapi.yaml")) {
            document = new Yaml().load(in);
        }
        Map<String, Object> messages = map(map(document, "components"), "messages");
        for (String event : List.of("RestaurantCreated", "MenuRevised")) {
            Map<String, Object> protobuf = map(messages, event + "Protobuf");
            assertThat(protobuf.get("name")).isEqualTo(event);
            assertThat(protobuf.get("contentType")).isEqualTo(ContentTypes.PROTOBUF);
            Map<String, Object> payload = map(protobuf, "payload");
            assertThat(payload.get("schemaFormat")).isEqualTo("application/vnd.google.protobuf;version=3");
            Matcher blocks = Pattern.compile("(?s)message \\w+ \\{.*?\n\\}").matcher((String) payload.get("schema"));
            int found = 0;
            while (blocks.find()) {
                found++;
                assertThat(idl).as(event + ": a message the document declares, as hub.proto has it").contains(
                        blocks.group());
            }
            assertThat(found).as(event + ": MenuItem and the event itself").isEqualTo(2);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private BytesMessage protobuf(Session session, String messageType, String restaurantId, byte[] body)
            throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        envelope(message, messageType, restaurantId, ContentTypes.PROTOBUF);
        return message;
    }

    /** The envelope as the outbox relay writes it; Content-Type as camel-jms encodes the header name. */
    private static void envelope(Message message, String messageType, String restaurantId, String contentType)
            throws Exception {
        message.setStringProperty("messageId", UUID.randomUUID().toString());
        message.setStringProperty("messageType", messageType);
        message.setStringProperty("messageVersion", "1.0");
        message.setStringProperty("aggregateType", "Restaurant");
        message.setStringProperty("aggregateId", restaurantId);
        message.setStringProperty("Content_HYPHEN_Type", contentType);
    }

    private static void send(Session session, Message message) throws Exception {
        try (var producer = session.createProducer(session.createTopic("restaurant.events"))) {
            producer.send(message);
        }
    }

    private static String deadLetterReason(Session session, String restaurantId) throws Exception {
        try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ.restaurant.events"),
                "aggregateId = '" + restaurantId + "'")) {
            @SuppressWarnings("unchecked")
            List<Message> dead = Collections.list((Enumeration<Message>) browser.getEnumeration());
            return dead.isEmpty() ? "" : String.valueOf(dead.get(0).getStringProperty("hubDeadLetterReason"));
        }
    }

    private JsonNode awaitReplica(String id) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/restaurants/" + id).statusCode() == 200);
        return json.readTree(get("/api/v1/restaurants/" + id).body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
