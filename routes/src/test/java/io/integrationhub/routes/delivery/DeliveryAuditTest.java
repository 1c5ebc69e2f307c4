package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The delivery auditor: the outbox numbers each aggregate's messages per destination (and keeps counting after its
 * rows are cleaned up); the consumer records a lost, a duplicated and a reordered message injected at the broker as
 * raw JMS messages with crafted envelopes, counts them, and alarms a gap that stays open.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeliveryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=parking-test", "hub.delivery-audit.gap-alarm-after=1s",
                "hub.delivery-audit.alarm-check-interval=300ms" })
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class DeliveryAuditTest {

    static final String SOURCE = "outside-test";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    ConnectionFactory broker;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldNumberEachAggregatesMessagesPerDestinationAndKeepCountingAfterCleanup() throws Exception {
        String aggregate = "seq-" + UUID.randomUUID();
        for (int step = 1; step <= 3; step++) {
            append(aggregate, step);
        }
        // the relay publishes them; the cleanup would delete published rows: the next number must not restart
        await().atMost(Duration.ofSeconds(20)).until(() -> steps(aggregate).size() == 3);
        jdbc.update("delete from delivery_test.outbox where aggregate_id = ? and published_at is not null", aggregate);
        append(aggregate, 4);

        assertThat(jdbc.queryForList("select aggregate_sequence from delivery_test.outbox where aggregate_id = ?",
                Long.class, aggregate)).containsExactly(4L);
        await().atMost(Duration.ofSeconds(20)).until(() -> steps(aggregate).size() == 4);
        // the consumer saw them as 1..4 from this outbox (header aggregateSequenceSource), nothing to report
        assertThat(jdbc.queryForObject("select highest from delivery_test.delivery_position where aggregate_id = ? "
                + "and source = 'delivery_test'", Long.class, aggregate)).isEqualTo(4L);
        assertThat(findings(aggregate)).isEmpty();
    }

    @Test
    void shouldRecordALostADuplicatedAndAReorderedMessage() throws Exception {
        String aggregate = "audit-" + UUID.randomUUID();
        double gaps = count("hub.delivery.gaps");
        double duplicates = count("hub.delivery.duplicates");
        double reorders = count("hub.delivery.reorders");

        send(aggregate, 1);
        send(aggregate, 2);
        send(aggregate, 4); // 3 is lost …
        send(aggregate, 4); // … 4 is delivered twice (a re-send: a new JMS message, another messageId) …
        send(aggregate, 3); // … and 3 arrives after all: a reorder that fills the gap

        await().atMost(Duration.ofSeconds(20)).until(() -> steps(aggregate).size() == 5);
        List<JsonNode> found = findings(aggregate);
        assertThat(found).extracting(f -> f.get("kind").asText() + " expected " + f.get("expected").asLong() + " got "
                + f.get("got").asLong() + (f.get("resolvedAt").isNull() ? "" : " resolved"))
                .containsExactlyInAnyOrder("gap expected 3 got 4 resolved", "duplicate expected 4 got 4 resolved",
                        "reorder expected 4 got 3 resolved");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.get("channel").asText()).isEqualTo(DeliveryTestApplication.CHANNEL);
            assertThat(f.get("source").asText()).isEqualTo(SOURCE);
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("hub.delivery.gaps")).isEqualTo(gaps + 1);
            assertThat(count("hub.delivery.duplicates")).isEqualTo(duplicates + 1);
            assertThat(count("hub.delivery.reorders")).isEqualTo(reorders + 1);
        });
    }

    @Test
    void shouldAlarmAGapThatIsNotFilledInTime(CapturedOutput output) throws Exception {
        String aggregate = "alarm-" + UUID.randomUUID();
        send(aggregate, 1);
        send(aggregate, 3); // 2 never comes

        JsonNode alarm = await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode alarms = json.readTree(admin().getForObject("/api/v1/admin/delivery-audit/alarms", String.class));
            for (JsonNode f : alarms.get("findings")) {
                if (f.get("aggregateId").asText().equals(aggregate)) {
                    return f;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(alarm.get("kind").asText()).isEqualTo("gap");
        assertThat(alarm.get("expected").asLong()).isEqualTo(2);
        assertThat(alarm.get("alarmedAt").isNull()).isFalse();
        assertThat(output.getOut()).contains("Delivery gap on " + DeliveryTestApplication.CHANNEL)
                .contains("aggregateSequence 2 of aggregate " + aggregate);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Gauge gauge = meters.find("hub.delivery.gaps.alarmed").gauge();
            return gauge != null && gauge.value() >= 1;
        });
        assertThat(http.getForEntity("/api/v1/admin/delivery-audit/alarms", String.class).getStatusCode().value())
                .as("anonymous").isEqualTo(401);
    }

    private void append(String aggregate, int step) {
        transactions.executeWithoutResult(tx -> outbox.append(OutboxMessage.command(DeliveryTestApplication.CHANNEL,
                DeliveryTestApplication.MESSAGE_TYPE, "Order", aggregate, null, null, "{\"step\":" + step + "}")));
    }

    /** A raw JMS message as a producer of another system would send it, with a crafted envelope. */
    private void send(String aggregate, int sequence) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("{\"step\":" + sequence + "}");
            message.setStringProperty("messageId", UUID.randomUUID().toString());
            message.setStringProperty("messageType", DeliveryTestApplication.MESSAGE_TYPE);
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", aggregate);
            message.setStringProperty("JMSXGroupID", aggregate);
            message.setLongProperty("aggregateSequence", sequence);
            message.setStringProperty("aggregateSequenceSource", SOURCE);
            session.createProducer(session.createQueue(DeliveryTestApplication.CHANNEL)).send(message);
        }
        // one at a time: the auditor is to see them in this order
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("select count(*) from "
                + "delivery_test.effects where aggregate_id = ? and step = ?", Integer.class, aggregate, sequence) > 0);
    }

    private List<JsonNode> findings(String aggregate) throws Exception {
        var answer = admin().getForEntity("/api/v1/admin/delivery-audit?aggregateId=" + aggregate, String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        List<JsonNode> found = new java.util.ArrayList<>();
        json.readTree(answer.getBody()).get("findings").forEach(found::add);
        return found;
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    private List<Integer> steps(String aggregate) {
        return jdbc.queryForList("select step from delivery_test.effects where aggregate_id = ? order by id",
                Integer.class, aggregate);
    }

    private double count(String meter) {
        Counter counter = meters.find(meter).tag("channel", DeliveryTestApplication.CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }
}
