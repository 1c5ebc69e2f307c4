package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The delivery auditor: the outbox numbers each aggregate's messages per destination (and keeps counting after its
 * rows are cleaned up); the consumer records a lost, a duplicated and a reordered message injected at the broker as
 * raw JMS messages with crafted envelopes, counts them, and alarms a gap that stays open.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryAuditTest extends DeliveryTestBase {

    static final String SOURCE = "outside-test";

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
        // rows are marked published a little after their delivery (hub.outbox.mark-delay), and only those are cleaned
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from "
                + "delivery_test.outbox where aggregate_id = ? and published_at is not null", Integer.class,
                aggregate) == 3);
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

        sendInOrder(aggregate, 1);
        sendInOrder(aggregate, 2);
        sendInOrder(aggregate, 4); // 3 is lost …
        sendInOrder(aggregate, 4); // … 4 is delivered twice (a re-send: a new JMS message, another messageId) …
        sendInOrder(aggregate, 3); // … and 3 arrives after all: a reorder that fills the gap

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
        sendInOrder(aggregate, 1);
        sendInOrder(aggregate, 3); // 2 never comes

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


    /** One at a time: the auditor is to see them in this order. */
    private void sendInOrder(String aggregate, int sequence) throws Exception {
        send(aggregate, SOURCE, sequence);
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



    private double count(String meter) {
        Counter counter = meters.find(meter).tag("channel", DeliveryTestApplication.CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }
}
