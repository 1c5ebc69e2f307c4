package io.integrationhub.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * Per-aggregate parking on a real embedded Artemis and the real PostgreSQL: 50 aggregates of 5 steps each go through
 * the outbox to a command handler with 4 consumers (message groups = aggregateId); one aggregate's step 2 fails until
 * it is fixed. Everything else completes in order; the poisoned aggregate's later steps wait, visible to operators,
 * and after the fix and a replay (or a skip) it ends as a clean run would.
 */
class ParkingTest extends DeliveryTestBase {

    static final int AGGREGATES = 50;
    static final int STEPS = 5;

    @Test
    void shouldParkOnlyThePoisonedAggregateAndReplayItInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> aggregates = IntStream.rangeClosed(1, AGGREGATES).mapToObj(n -> run + "-" + n).toList();
        String poisoned = aggregates.get(17);
        DeliveryTestApplication.POISONED.add(poisoned + "/2");

        writeSteps(this, aggregates);

        // the 49 others complete, each in order
        await().atMost(Duration.ofSeconds(60)).until(() -> effectsOf(aggregates) == (AGGREGATES - 1) * STEPS + 1);
        for (String aggregate : aggregates) {
            assertThat(steps(aggregate)).as(aggregate).isEqualTo(aggregate.equals(poisoned) ? List.of(1)
                    : List.of(1, 2, 3, 4, 5));
        }
        // the poisoned step is dead-lettered after its redeliveries (5 deliveries); steps 3-5 wait, in order, for operators to see
        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(poisoned),
                p -> p != null && p.get("deadLettered").asBoolean() && p.get("messages").size() == 3);
        assertThat(parked.get("reason").asText()).contains("cannot be applied yet");
        assertThat(parked.get("route").asText()).isEqualTo(DeliveryTestApplication.ROUTE);
        assertThat(parked.get("messages").findValuesAsText("aggregateSequence")).containsExactly("3", "4", "5");
        assertThat(parkedOf(aggregates.get(3))).as("a healthy aggregate").isNull();

        // the fix, then the operator replays the dead letter through the existing endpoint
        DeliveryTestApplication.POISONED.remove(poisoned + "/2");
        String deadLetter = deadLetterId(parked.get("blockingMessageId").asText());
        var replayed = admin().postForEntity("/api/v1/admin/dead-letters/" + deadLetter + "/replay?channel="
                + DeliveryTestApplication.CHANNEL, null, String.class);
        assertThat(replayed.getStatusCode().value()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> steps(poisoned).size() == STEPS);
        assertThat(steps(poisoned)).as("as if nothing had failed").containsExactly(1, 2, 3, 4, 5);
        assertThat(parkedOf(poisoned)).isNull();
        assertThat(jdbc.queryForObject("select count(*) from delivery_test.parked_message where aggregate_id = ?",
                Integer.class, poisoned)).isZero();
        // the auditor saw every number of every aggregate once, in order: no finding (the replay is not a duplicate)
        assertThat(jdbc.queryForObject("select count(*) from delivery_test.delivery_audit where aggregate_id like ?",
                Integer.class, run + "-%")).isZero();
    }

    @Test
    void shouldReleaseTheRestWhenTheOperatorSkipsTheDeadLetter() throws Exception {
        String aggregate = "skip-" + UUID.randomUUID();
        DeliveryTestApplication.POISONED.add(aggregate + "/2");

        writeSteps(this, List.of(aggregate));

        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(aggregate),
                p -> p != null && p.get("deadLettered").asBoolean() && p.get("messages").size() == 3);
        String blocking = parked.get("blockingMessageId").asText();
        assertThat(steps(aggregate)).containsExactly(1);

        var skipped = admin().postForEntity("/api/v1/admin/parked-aggregates/" + aggregate + "/skip?channel="
                + DeliveryTestApplication.CHANNEL, null, String.class);
        assertThat(skipped.getStatusCode().value()).isEqualTo(200);
        assertThat(json.readTree(skipped.getBody()).get("deadLettersRemoved").asInt()).isEqualTo(1);
        assertThat(json.readTree(skipped.getBody()).get("released").asInt()).isEqualTo(3);

        assertThat(steps(aggregate)).as("step 2 skipped, the rest in order").containsExactly(1, 3, 4, 5);
        assertThat(parkedOf(aggregate)).isNull();
        assertThat(deadLettersWith(blocking)).as("the skipped dead letter is gone").isZero();
        // a second skip: nothing parked any more
        assertThat(admin().postForEntity("/api/v1/admin/parked-aggregates/" + aggregate + "/skip?channel="
                + DeliveryTestApplication.CHANNEL, null, String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(http.getForEntity("/api/v1/admin/parked-aggregates", String.class).getStatusCode().value())
                .as("anonymous").isEqualTo(401);
    }

    @Test
    void shouldMakeAReleasedStepThatFailsTheNewDeadLetterAndKeepTheRestParked() throws Exception {
        String aggregate = "twice-" + UUID.randomUUID();
        DeliveryTestApplication.POISONED.add(aggregate + "/2");
        DeliveryTestApplication.POISONED.add(aggregate + "/4");
        writeSteps(this, List.of(aggregate));
        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(aggregate),
                p -> p != null && p.get("deadLettered").asBoolean() && p.get("messages").size() == 3);

        // step 2 is fixed and replayed; released in order, step 4 fails again
        DeliveryTestApplication.POISONED.remove(aggregate + "/2");
        replay(parked.get("blockingMessageId").asText());
        JsonNode blockedAgain = await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(aggregate),
                p -> p != null && p.get("deadLettered").asBoolean() && p.get("messages").size() == 1);
        assertThat(steps(aggregate)).containsExactly(1, 2, 3);
        assertThat(blockedAgain.get("reason").asText()).contains("step 4");
        assertThat(blockedAgain.get("messages").get(0).get("aggregateSequence").asLong()).isEqualTo(5);
        String step4 = blockedAgain.get("blockingMessageId").asText();
        assertThat(deadLettersWith(step4)).as("step 4 is the new dead letter").isEqualTo(1);

        // then step 4 is fixed and its dead letter replayed: the aggregate ends as a clean run would
        DeliveryTestApplication.POISONED.remove(aggregate + "/4");
        replay(step4);
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(aggregate).size() == STEPS);
        assertThat(steps(aggregate)).containsExactly(1, 2, 3, 4, 5);
        assertThat(parkedOf(aggregate)).isNull();
    }

    private void replay(String messageId) throws Exception {
        var replayed = admin().postForEntity("/api/v1/admin/dead-letters/" + deadLetterId(messageId)
                + "/replay?channel=" + DeliveryTestApplication.CHANNEL, null, String.class);
        assertThat(replayed.getStatusCode().value()).isEqualTo(200);
    }

    /** Step n of every aggregate, then step n + 1: each step its own transaction, as a service would write them. */
    static void writeSteps(DeliveryTestBase test, List<String> aggregates) {
        for (int step = 1; step <= STEPS; step++) {
            for (String aggregate : aggregates) {
                test.append(aggregate, step);
            }
        }
    }


    private JsonNode parkedOf(String aggregate) throws Exception {
        var answer = admin().getForEntity("/api/v1/admin/parked-aggregates?channel=" + DeliveryTestApplication.CHANNEL,
                String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        for (JsonNode p : json.readTree(answer.getBody()).get("parkedAggregates")) {
            if (p.get("aggregateId").asText().equals(aggregate)) {
                return p;
            }
        }
        return null;
    }

    private String deadLetterId(String messageId) throws Exception {
        var listing = json.readTree(admin().getForObject("/api/v1/admin/dead-letters?channel="
                + DeliveryTestApplication.CHANNEL, String.class));
        for (JsonNode letter : listing.get("deadLetters")) {
            if (messageId.equals(letter.get("messageId").asText())) {
                return letter.get("id").asText();
            }
        }
        throw new AssertionError("no dead letter " + messageId + " in " + listing);
    }

    private int deadLettersWith(String messageId) throws Exception {
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ."
                    + DeliveryTestApplication.CHANNEL), "messageId = '" + messageId + "'")) {
                return java.util.Collections.list(browser.getEnumeration()).size();
            }
        }
    }


    private int effectsOf(List<String> aggregates) {
        return jdbc.queryForObject("select count(*) from delivery_test.effects where aggregate_id = any(?)",
                Integer.class, (Object) aggregates.toArray(String[]::new));
    }
}
