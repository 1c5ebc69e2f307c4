package io.integrationhub.embedded;

import static io.integrationhub.embedded.ForeignClients.ADMIN;
import static io.integrationhub.embedded.ForeignClients.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.embedded.ForeignClients.CoreSession;
import io.integrationhub.embedded.ForeignClients.Protocol;

/**
 * Item 5 of issue 9: whatever a foreign client sends to a consumed channel — CORE (Artemis JMS client and hand-written
 * core bodies) or AMQP 1.0 (Qpid JMS) — is processed once or dead-lettered to {@code DLQ.<channel>} with a reason, the
 * good messages sent between the bad ones are all processed exactly once, and every consumer stays attached.
 */
@HubSystemTest
class PoisonMessageSweepTest {

    private static final String REPLIES = "order.sweep-replies";
    private static final Duration SWEEP_BOUND = Duration.ofSeconds(150);

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @LocalServerPort
    int httpPort;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    /** What must become of a message: processed once, dead-lettered with a reason, or exactly one of the two. */
    enum Expect {
        PROCESSED, DEAD_LETTERED, EITHER
    }

    record Sent(String channel, String kind, String sweepId, String messageId, Expect expect) {
    }

    /** A consumed channel, the good message it takes, and where a processed message leaves its trace. */
    record Channel(String address, boolean topic, String messageType, Function<String, String> body, String schema) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, Integer> queryReplies = new ConcurrentHashMap<>();
    private final List<String> orders = new ArrayList<>();

    private static final List<Channel> CHANNELS = List.of(
            new Channel("consumer.commands", false, "ValidateConsumerInfo",
                    id -> "{\"orderId\":\"" + id + "\",\"consumerId\":\"c-sweep\",\"orderTotal\":10}", "consumer"),
            new Channel("restaurant.commands", false, "ValidateOrderDetails",
                    id -> "{\"orderId\":\"" + id + "\",\"restaurantId\":\"r-sweep\",\"lineItems\":[{\"menuItemId\":"
                            + "\"dal\",\"quantity\":1,\"price\":4.50}],\"orderTotal\":4.50}", "restaurant"),
            // the kitchen refuses a command whose orderId is not the envelope's aggregateId (o-sweep, see envelope):
            // every good cancel is for that one order — a ticket cancelled before it was created, then cancelled again
            new Channel("kitchen.commands", false, "CancelCreateTicket", id -> "{\"orderId\":\"o-sweep\"}",
                    "kitchen"),
            new Channel("accounting.commands", false, "ReverseAuthorization",
                    id -> "{\"orderId\":\"" + id + "\"}", "accounting"),
            new Channel("notification.commands", false, "NotifyConsumer",
                    id -> "{\"consumerId\":\"c-sweep\",\"orderId\":\"" + id + "\",\"text\":\"sweep\"}", "notification"),
            new Channel("consumer.queries", false, "GetConsumer", id -> "{\"consumerId\":\"c-sweep\"}", null),
            new Channel("order.replies", false, "ConsumerValidated", id -> "{\"orderId\":\"" + id + "\"}", "orders"),
            new Channel("restaurant.events", true, "RestaurantCreated",
                    id -> "{\"restaurantId\":\"r-" + id + "\",\"name\":\"Sweep\",\"menuVersion\":1,\"menuItems\":[]}",
                    "orders"));

    @Test
    void everyMalformedMessageIsDeadLetteredWithAReasonWhileTheGoodOnesAreProcessedOnceAndConsumersStay()
            throws Exception {
        jdbc.update("insert into consumer.consumers (id, name, credit_limit) values ('c-sweep', 'Sweep', 100) "
                + "on conflict do nothing");
        long started = System.nanoTime();
        try (Connection core = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD);
                Connection amqp = ForeignClients.connect(Protocol.AMQP, brokerPort, ADMIN, ADMIN_PASSWORD);
                CoreSession raw = ForeignClients.core(brokerPort, ADMIN, ADMIN_PASSWORD)) {
            Session coreSession = core.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session amqpSession = amqp.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer replies = coreSession.createConsumer(coreSession.createQueue(REPLIES));
            replies.setMessageListener(reply -> {
                try {
                    queryReplies.merge(String.valueOf(reply.getJMSCorrelationID()), 1, Integer::sum);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            core.start();
            for (Channel channel : CHANNELS) {
                sweep(channel, coreSession, amqpSession, raw);
            }
            // and after all of them, one more good message on every channel: nothing may be stuck in front of it
            for (Channel channel : CHANNELS) {
                good(channel, coreSession, "good-last");
            }

            await().atMost(SWEEP_BOUND).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<String> open = unaccounted(coreSession);
                assertThat(open).as("messages neither processed once nor dead-lettered with a reason").isEmpty();
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SWEEP_BOUND);
        for (Channel channel : CHANNELS) {
            assertThat(consumers(channel)).as("consumers attached to " + channel.address()).isPositive();
        }
    }

    private void sweep(Channel channel, Session core, Session amqp, CoreSession raw) throws Exception {
        Expect envelopeOk = channel.address().equals("order.replies") ? Expect.DEAD_LETTERED : Expect.EITHER;
        // --- CORE, Artemis JMS client
        good(channel, core, "good-first");
        bad(channel, core, "core-text-empty", Expect.EITHER, s -> s.createTextMessage(""), true);
        good(channel, core, "good");
        bad(channel, core, "core-text-null", Expect.EITHER, s -> s.createTextMessage(), true);
        bad(channel, core, "core-bytes-json", envelopeOk, s -> bytes(s, channel.body().apply("o-bytes")
                .getBytes(StandardCharsets.UTF_8)), true);
        bad(channel, core, "core-bytes-invalid-utf8", Expect.DEAD_LETTERED,
                s -> bytes(s, new byte[] { '{', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xaf, '"', '}' }),
                true);
        good(channel, core, "good");
        bad(channel, core, "core-bytes-utf16-bom", Expect.EITHER, s -> bytes(s, channel.body().apply("o-utf16")
                .getBytes(StandardCharsets.UTF_16)), true);
        bad(channel, core, "core-map", Expect.DEAD_LETTERED, s -> {
            MapMessage map = s.createMapMessage();
            map.setString("orderId", "o-map");
            map.setInt("orderTotal", 10);
            return map;
        }, true);
        bad(channel, core, "core-object-known-class", Expect.DEAD_LETTERED,
                s -> s.createObjectMessage(new SweepPayload("o-object")), true);
        good(channel, core, "good");
        bad(channel, core, "core-huge-2mb", Expect.EITHER, s -> s.createTextMessage(channel.body().apply("o-huge")
                .replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\",")), true);
        // a query is answered, not deduplicated: it needs no messageId; every other channel does
        Expect withoutId = channel.schema() == null ? Expect.EITHER : Expect.DEAD_LETTERED;
        bad(channel, core, "core-no-message-id", withoutId, s -> {
            Message m = s.createTextMessage(channel.body().apply("o-no-id"));
            m.setStringProperty("messageType", channel.messageType());
            return m;
        }, false);
        bad(channel, core, "core-no-message-type", Expect.DEAD_LETTERED, s -> {
            Message m = s.createTextMessage(channel.body().apply("o-no-type"));
            m.setStringProperty("messageId", UUID.randomUUID().toString());
            return m;
        }, false);
        bad(channel, core, "core-no-message-version", envelopeOk, s -> {
            Message m = s.createTextMessage(channel.body().apply("o-no-version"));
            m.setStringProperty("messageId", UUID.randomUUID().toString());
            m.setStringProperty("messageType", channel.messageType());
            return m;
        }, false);
        bad(channel, core, "core-message-id-int", envelopeOk, s -> {
            Message m = s.createTextMessage(channel.body().apply("o-int-id"));
            m.setIntProperty("messageId", 4711 + sent.size());
            m.setStringProperty("messageType", channel.messageType());
            m.setStringProperty("messageVersion", "1.0");
            return m;
        }, false);
        good(channel, core, "good");
        // --- CORE, bodies no JMS client can decode (written with the core API)
        rawBad(channel, raw, "core-text-without-string-encoding", org.apache.activemq.artemis.api.core.Message.TEXT_TYPE,
                channel.body().apply("o-raw").getBytes(StandardCharsets.UTF_8));
        rawBad(channel, raw, "core-text-empty-buffer", org.apache.activemq.artemis.api.core.Message.TEXT_TYPE,
                new byte[0]);
        good(channel, core, "good");
        rawBad(channel, raw, "core-map-garbage", org.apache.activemq.artemis.api.core.Message.MAP_TYPE,
                new byte[] { 0, 0, 0, 7, 1, 2 });
        rawBad(channel, raw, "core-object-unknown-class", org.apache.activemq.artemis.api.core.Message.OBJECT_TYPE,
                objectBodyOfAClassNobodyHas());
        good(channel, core, "good");
        // --- AMQP 1.0, Qpid JMS
        bad(channel, amqp, "amqp-value-string", envelopeOk,
                s -> s.createTextMessage(channel.body().apply("o-amqp-text")), true);
        bad(channel, amqp, "amqp-data-binary", Expect.DEAD_LETTERED,
                s -> bytes(s, new byte[] { 0, 1, 2, (byte) 0xff }), true);
        bad(channel, amqp, "amqp-value-map", Expect.DEAD_LETTERED, s -> {
            MapMessage map = s.createMapMessage();
            map.setString("orderId", "o-amqp-map");
            return map;
        }, true);
        good(channel, core, "good");
        bad(channel, amqp, "amqp-sequence", Expect.DEAD_LETTERED, s -> {
            StreamMessage stream = s.createStreamMessage();
            stream.writeString("o-amqp-sequence");
            stream.writeInt(42);
            return stream;
        }, true);
        bad(channel, amqp, "amqp-value-binary", Expect.EITHER, s -> {
            ObjectMessage object = s.createObjectMessage();
            // Qpid JMS: an AMQP-typed body (amqp-value) instead of a serialized Java object
            object.setBooleanProperty("JMS_AMQP_TYPED_ENCODING", true);
            object.setObject(channel.body().apply("o-amqp-binary").getBytes(StandardCharsets.UTF_8));
            return object;
        }, true);
        bad(channel, amqp, "amqp-no-body", Expect.EITHER, Session::createMessage, true);
        good(channel, core, "good");
    }

    interface MessageFactory {
        Message create(Session session) throws Exception;
    }

    private void good(Channel channel, Session session, String kind) throws Exception {
        if (channel.address().equals("order.replies")) {
            // a good reply is one a partner sends for a real order: place one through the order API
            orders.add(placeOrder());
            return;
        }
        String messageId = UUID.randomUUID().toString();
        Message message = session.createTextMessage(channel.body().apply("o-" + messageId));
        envelope(channel, message, messageId);
        send(channel, session, message, kind, messageId, Expect.PROCESSED);
    }

    private void bad(Channel channel, Session session, String kind, Expect expect, MessageFactory factory,
            boolean withEnvelope) throws Exception {
        Message message = factory.create(session);
        String messageId = null;
        if (withEnvelope) {
            messageId = UUID.randomUUID().toString();
            envelope(channel, message, messageId);
            // an aggregate of its own: a bad message whose handler fails blocks its aggregate (per-aggregate parking),
            // and the good ones of o-sweep must not wait behind it — this sweep is about the channel
            message.setStringProperty("aggregateId", "o-bad-" + messageId);
        } else if (message.propertyExists("messageId")) {
            // an int messageId may be taken as its decimal string: that is the key it would be recorded under
            messageId = String.valueOf(message.getObjectProperty("messageId"));
        }
        send(channel, session, message, kind, messageId, expect);
    }

    private void envelope(Channel channel, Message message, String messageId) throws JMSException {
        message.setStringProperty("messageId", messageId);
        message.setStringProperty("messageType", channel.messageType());
        message.setStringProperty("messageVersion", "1.0");
        message.setStringProperty("aggregateType", "Order");
        message.setStringProperty("aggregateId", "o-sweep");
    }

    private void send(Channel channel, Session session, Message message, String kind, String messageId, Expect expect)
            throws JMSException {
        String sweepId = kind + "-" + UUID.randomUUID();
        message.setStringProperty("sweepId", sweepId);
        message.setJMSCorrelationID(sweepId);
        if (!channel.topic()) {
            message.setJMSReplyTo(session.createQueue(REPLIES));
        }
        Destination destination = channel.topic() ? session.createTopic(channel.address())
                : session.createQueue(channel.address());
        try (var producer = session.createProducer(destination)) {
            producer.send(message);
        }
        sent.add(new Sent(channel.address(), kind, sweepId, messageId, expect));
    }

    private void rawBad(Channel channel, CoreSession raw, String kind, byte type, byte[] body) throws Exception {
        String sweepId = kind + "-" + UUID.randomUUID();
        ClientMessage message = raw.session().createMessage(type, true);
        message.getBodyBuffer().writeBytes(body);
        String messageId = UUID.randomUUID().toString();
        message.putStringProperty("messageId", messageId);
        message.putStringProperty("messageType", channel.messageType());
        message.putStringProperty("messageVersion", "1.0");
        message.putStringProperty("sweepId", sweepId);
        try (ClientProducer producer = raw.session().createProducer(channel.address())) {
            producer.send(message);
        }
        sent.add(new Sent(channel.address(), kind, sweepId, messageId, Expect.DEAD_LETTERED));
    }

    private static BytesMessage bytes(Session session, byte[] body) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    /** An ObjectMessage body (int length + serialized object) of a class that exists nowhere. */
    private static byte[] objectBodyOfAClassNobodyHas() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(new SweepPayload("o-unknown-class"));
        }
        // same length, so the stream stays well-formed: only the class name changes
        byte[] serialized = new String(out.toByteArray(), StandardCharsets.ISO_8859_1)
                .replace("SweepPayload", "NowherePaylo").getBytes(StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(4 + serialized.length);
        body.putInt(serialized.length).put(serialized);
        return body.array();
    }

    /** What the test still waits for: one line per message whose fate is not (yet) what it must be. */
    private List<String> unaccounted(Session session) throws Exception {
        Map<String, Map<String, String>> deadLetters = new TreeMap<>();
        for (Channel channel : CHANNELS) {
            deadLetters.put(channel.address(), deadLetterReasons(session, "DLQ." + channel.address()));
        }
        List<String> open = new ArrayList<>();
        for (Sent message : sent) {
            String reason = deadLetters.get(message.channel()).get(message.sweepId());
            boolean dead = reason != null && !reason.isBlank();
            int processed = processed(message);
            boolean ok = switch (message.expect()) {
                case PROCESSED -> processed == 1 && reason == null;
                case DEAD_LETTERED -> dead && processed == 0;
                case EITHER -> (processed == 1 && reason == null) || (dead && processed == 0);
            };
            if (!ok) {
                open.add(message + " processed=" + processed + " deadLetterReason=" + reason);
            }
        }
        for (String order : orders) {
            String state = jdbc.queryForObject("select state from orders.orders where id = ?", String.class,
                    Long.valueOf(order));
            if ("APPROVAL_PENDING".equals(state)) {
                open.add("order " + order + " still waits for its replies on order.replies");
            }
        }
        return open;
    }

    private int processed(Sent message) {
        if (message.messageId() == null) {
            return queryReplies.getOrDefault(message.sweepId(), 0);
        }
        Channel channel = CHANNELS.stream().filter(c -> c.address().equals(message.channel())).findFirst().orElseThrow();
        if (channel.schema() == null) {
            return queryReplies.getOrDefault(message.sweepId(), 0);
        }
        return jdbc.queryForObject("select count(*) from " + channel.schema()
                + ".camel_messageprocessed where messageId = ?", Integer.class, message.messageId());
    }

    /** sweepId → reason of every dead letter in the queue (browsed, so they stay for the operator). */
    private static Map<String, String> deadLetterReasons(Session session, String queue) throws JMSException {
        Map<String, String> reasons = new TreeMap<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), "sweepId IS NOT NULL")) {
            for (Message m : Collections.list((Enumeration<Message>) browser.getEnumeration())) {
                String reason = m.getStringProperty("hubDeadLetterReason");
                reasons.put(m.getStringProperty("sweepId"), reason == null ? "" : reason);
            }
        }
        return reasons;
    }

    private long consumers(Channel channel) throws Exception {
        ActiveMQServer server = broker.getActiveMQServer();
        long count = 0;
        for (Binding binding : server.getPostOffice().getBindingsForAddress(SimpleString.of(channel.address()))
                .getBindings()) {
            if (binding instanceof LocalQueueBinding queue) {
                count += queue.getQueue().getConsumerCount();
            }
        }
        return count;
    }

    private String placeOrder() throws Exception {
        String restaurant = "r-sweep-" + UUID.randomUUID();
        jdbc.update("insert into orders.restaurant_replica (id, name, menu_version) values (?, 'Sweep', 1)",
                restaurant);
        jdbc.update("insert into orders.menu_item_replica (restaurant_id, id, name, price) values (?, 'dal', 'Dal', 4.50)",
                restaurant);
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"consumerId\":\"c-sweep\",\"restaurantId\":\""
                        + restaurant + "\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json.readTree(accepted.body()).get("orderId").asText();
    }

    /** A class every consumer has: an ObjectMessage of it is still not a message any channel accepts. */
    record SweepPayload(String orderId) implements Serializable {
    }
}
