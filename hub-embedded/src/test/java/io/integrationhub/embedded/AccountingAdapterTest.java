package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The accounting adapter over the simulated legacy accounting API (real HTTP, two instances) behind the circuit
 * breaker: authorization, fail-over, deferral while the legacy system is down, failure after the deadline, and no
 * double authorization when a timed-out call had in fact succeeded or the command is sent again; a decline (over the
 * card limit, or an instance in fault mode declining) or a refused request is answered at once, never deferred.
 * Reverse and revise are commutative (reverse idempotent, revise to an absolute amount) with deterministic refusals
 * (a reversed authorization is never revised), so re-sent and reordered commands end in the same state.
 */
@HubSystemTest
class AccountingAdapterTest {

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    /**
     * Each test starts from a closed breaker with no calls counted: what an earlier test left (open, half-open, a
     * window of failures) would otherwise decide when a deferral ends — the breaker stays open 5 s, the test deadline
     * is 6 s.
     */
    @BeforeEach
    void breakerClosedWithNoCallsCounted() {
        camel.getProcessor("legacy-accounting-breaker", ResilienceProcessor.class).transitionToCloseState();
    }

    @AfterEach
    void legacyBackToNormal() throws Exception {
        mode(0, "{\"mode\":\"normal\"}");
        mode(1, "{\"mode\":\"normal\"}");
    }

    @Test
    void shouldAuthorizeTheCardThroughTheLegacySystemWithFailOver() throws Exception {
        mode(0, "{\"mode\":\"down\"}"); // the other instance answers
        String orderId = "o-" + UUID.randomUUID();
        String messageId = authorizeCard(orderId);

        Map<String, Object> reply = awaitReply(messageId);
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorized");
        assertThat(jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where order_id = ?",
                Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void shouldDeferWhileTheLegacySystemIsDownAndAuthorizeWhenItIsBack() throws Exception {
        mode(0, "{\"mode\":\"down\"}");
        mode(1, "{\"mode\":\"down\"}");
        String messageId = authorizeCard("o-" + UUID.randomUUID());

        // about 3 attempts (one per 500 ms): fewer than the breaker's minimum of 5 calls, so it does not open
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> replies(messageId).isEmpty());
        mode(0, "{\"mode\":\"normal\"}");
        mode(1, "{\"mode\":\"normal\"}");

        assertThat(awaitReply(messageId).get("message_type")).isEqualTo("CardAuthorized");
        assertThat(replies(messageId)).hasSize(1);
    }

    @Test
    void shouldAnswerCardAuthorizationFailedAfterTheDeadline() throws Exception {
        mode(0, "{\"mode\":\"down\"}");
        mode(1, "{\"mode\":\"down\"}");
        String messageId = authorizeCard("o-" + UUID.randomUUID());

        Map<String, Object> reply = awaitReply(messageId); // deadline 6 s in the test profile
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorizationFailed");
        assertThat((String) reply.get("payload")).contains("legacy accounting unavailable");
    }

    @Test
    void shouldNotAuthorizeTwiceWhenATimedOutCallHadSucceeded() throws Exception {
        // both instances answer after 1.5 s, past the 1 s timeout: the call is abandoned here but succeeds there
        mode(0, "{\"mode\":\"slow\",\"latencyMs\":1500}");
        mode(1, "{\"mode\":\"slow\",\"latencyMs\":1500}");
        String orderId = "o-" + UUID.randomUUID();
        String messageId = authorizeCard(orderId);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from accounting.legacy_authorizations where order_id = ?", Integer.class, orderId) >= 1);
        mode(0, "{\"mode\":\"normal\"}");
        mode(1, "{\"mode\":\"normal\"}");

        Map<String, Object> reply = awaitReply(messageId);
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorized");
        String legacyId = jdbc.queryForObject("select id from accounting.legacy_authorizations where order_id = ?",
                String.class, orderId);
        assertThat((String) reply.get("payload")).contains(legacyId);
        assertThat(jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where order_id = ?",
                Integer.class, orderId)).as("authorized once").isEqualTo(1);
    }

    @Test
    void shouldReverseOnceWhenReverseAuthorizationIsSentAgain() throws Exception {
        String orderId = authorizedOrder();

        Map<String, Object> reversed = awaitReply(reverse(orderId));
        Map<String, Object> again = awaitReply(reverse(orderId)); // a new messageId: not de-duplicated
        assertThat(reversed.get("message_type")).isEqualTo("Success");
        assertThat(again.get("message_type")).as("reversing twice is reversing once").isEqualTo("Success");
        assertThat(jdbc.queryForList("select status from accounting.legacy_authorizations where order_id = ?",
                String.class, orderId)).containsExactly("REVERSED");

        Map<String, Object> reauthorized = awaitReply(authorizeCard(orderId));
        assertThat(reauthorized.get("message_type")).as("a reversed authorization is never answered as authorized")
                .isEqualTo("CardAuthorizationFailed");
        assertThat((String) reauthorized.get("payload")).contains("authorization of order " + orderId + " was reversed");
    }

    @Test
    void shouldReviseToTheLastAmountWhenRevisedAgain() throws Exception {
        String orderId = authorizedOrder();

        assertThat(awaitReply(revise(orderId, "21.00")).get("message_type")).isEqualTo("Success");
        assertThat(awaitReply(revise(orderId, "25.50")).get("message_type")).isEqualTo("Success");
        assertThat(awaitReply(revise(orderId, "25.50")).get("message_type")).as("a re-send is harmless")
                .isEqualTo("Success");

        assertThat(legacyAmount(orderId)).isEqualByComparingTo("25.50");
        assertThat(jdbc.queryForObject("select amount from accounting.authorizations where order_id = ?",
                BigDecimal.class, orderId)).isEqualByComparingTo("25.50");
    }

    @Test
    void shouldRefuseARevisionOverTheCardLimitAndKeepTheAmount() throws Exception {
        String orderId = authorizedOrder();

        Map<String, Object> reply = awaitReply(revise(orderId, "1089.00"), Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("Failure");
        assertThat((String) reply.get("payload"))
                .contains("card declined: amount 1089.00 is over the card limit 1000.00");
        assertThat(legacyAmount(orderId)).isEqualByComparingTo("17.00");
        assertThat(jdbc.queryForObject("select status from accounting.legacy_authorizations where order_id = ?",
                String.class, orderId)).isEqualTo("AUTHORIZED");
    }

    @Test
    void shouldRefuseToReviseAReversedAuthorization() throws Exception {
        String orderId = authorizedOrder();
        assertThat(awaitReply(reverse(orderId)).get("message_type")).isEqualTo("Success");

        Map<String, Object> reply = awaitReply(revise(orderId, "21.00"));
        assertThat(reply.get("message_type")).isEqualTo("Failure");
        assertThat((String) reply.get("payload")).contains("authorization of order " + orderId + " was reversed");
        assertThat(legacyAmount(orderId)).isEqualByComparingTo("17.00");
    }

    @Test
    void shouldEndReversedWhicheverOfReverseAndReviseArrivesFirst() throws Exception {
        String reverseFirst = authorizedOrder();
        String reviseFirst = authorizedOrder();

        // each pair sent back to back, without waiting for the first reply
        String lateRevise = sendPair(reverseFirst, "ReverseAuthorization", reverseBody(reverseFirst),
                "ReviseAuthorization", reviseBody(reverseFirst, "30.00"));
        String lateReverse = sendPair(reviseFirst, "ReviseAuthorization", reviseBody(reviseFirst, "30.00"),
                "ReverseAuthorization", reverseBody(reviseFirst));

        assertThat(awaitReply(lateRevise).get("message_type")).isEqualTo("Failure");
        assertThat(awaitReply(lateReverse).get("message_type")).isEqualTo("Success");
        assertThat(jdbc.queryForList("select status from accounting.legacy_authorizations where order_id in (?, ?)",
                String.class, reverseFirst, reviseFirst)).containsExactly("REVERSED", "REVERSED");
        assertThat(jdbc.queryForList("select status from accounting.authorizations where order_id in (?, ?)",
                String.class, reverseFirst, reviseFirst)).as("the adapter's record agrees")
                .containsExactly("REVERSED", "REVERSED");
        assertThat(legacyAmount(reverseFirst)).as("the late revise was refused").isEqualByComparingTo("17.00");
        assertThat(legacyAmount(reviseFirst)).as("revised, then reversed").isEqualByComparingTo("30.00");
    }

    @Test
    void shouldFailToReverseADeclinedCardOrAnOrderNeverAuthorized() throws Exception {
        String declined = "o-" + UUID.randomUUID();
        assertThat(awaitReply(authorizeCard(declined, "1089.00")).get("message_type"))
                .isEqualTo("CardAuthorizationFailed");

        Map<String, Object> reply = awaitReply(reverse(declined), Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("Failure");
        assertThat((String) reply.get("payload")).contains("nothing to reverse: the card was declined");
        assertThat(jdbc.queryForList("select status from accounting.legacy_authorizations where order_id = ?",
                String.class, declined)).containsExactly("DECLINED");

        String never = "o-never-authorized-" + UUID.randomUUID();
        Map<String, Object> unknown = awaitReply(reverse(never), Duration.ofSeconds(3));
        assertThat(unknown.get("message_type")).isEqualTo("Failure");
        assertThat((String) unknown.get("payload")).contains("no authorization for order " + never);
    }

    @Test
    void shouldFailARevisionWithoutOrderTotalAtOnce() throws Exception {
        String orderId = authorizedOrder();

        // a deferral would answer only after the 6 s deadline
        Map<String, Object> reply = awaitReply(command(orderId, "ReviseAuthorization", reverseBody(orderId)),
                Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("Failure");
        assertThat((String) reply.get("payload")).contains("needs orderTotal");
        assertThat(legacyAmount(orderId)).isEqualByComparingTo("17.00");
    }

    @Test
    void shouldDeclineACardOverItsLimitAtOnce() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        String messageId = authorizeCard(orderId, "1089.00"); // the card limit is 1000.00

        // a deferral would answer only after the 6 s deadline, and with "legacy accounting unavailable"
        Map<String, Object> reply = awaitReply(messageId, Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorizationFailed");
        assertThat((String) reply.get("payload"))
                .contains("card declined: amount 1089.00 is over the card limit 1000.00");
        assertThat(authorizedInLegacy(orderId)).as("no authorization in the legacy system").isZero();
        assertThat(jdbc.queryForObject("select count(*) from accounting.authorizations where order_id = ?",
                Integer.class, orderId)).as("no authorization recorded by the adapter").isZero();
    }

    @Test
    void shouldDeclineEveryCardInDecliningMode() throws Exception {
        mode(0, "{\"mode\":\"declining\"}");
        mode(1, "{\"mode\":\"declining\"}");
        String orderId = "o-" + UUID.randomUUID();

        Map<String, Object> reply = awaitReply(authorizeCard(orderId), Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorizationFailed");
        assertThat((String) reply.get("payload")).contains("card declined", "fault mode declining");
        assertThat(authorizedInLegacy(orderId)).isZero();

        mode(0, "{\"mode\":\"normal\"}");
        mode(1, "{\"mode\":\"normal\"}");
        assertThat(awaitReply(authorizeCard("o-" + UUID.randomUUID())).get("message_type"))
                .as("back to normal, the next order's card is authorized").isEqualTo("CardAuthorized");
    }

    @Test
    void shouldAnswerTheSameDeclineWhenTheCommandIsSentAgain() throws Exception {
        mode(0, "{\"mode\":\"declining\"}");
        mode(1, "{\"mode\":\"declining\"}");
        String orderId = "o-" + UUID.randomUUID();
        Map<String, Object> first = awaitReply(authorizeCard(orderId));
        assertThat(first.get("message_type")).isEqualTo("CardAuthorizationFailed");
        mode(0, "{\"mode\":\"normal\"}");
        mode(1, "{\"mode\":\"normal\"}");

        // a new command (new messageId) for the same order: the same request key, so the legacy system's answer
        // stands — even though it would now authorize a new request
        Map<String, Object> again = awaitReply(authorizeCard(orderId));
        assertThat(again.get("message_type")).isEqualTo("CardAuthorizationFailed");
        assertThat(again.get("payload")).isEqualTo(first.get("payload"));
        assertThat(jdbc.queryForList("select status from accounting.legacy_authorizations where order_id = ?",
                String.class, orderId)).containsExactly("DECLINED");
    }

    @Test
    void shouldAnswerTheSameAuthorizationWhenTheCommandIsSentAgain() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        Map<String, Object> first = awaitReply(authorizeCard(orderId));
        assertThat(first.get("message_type")).isEqualTo("CardAuthorized");

        Map<String, Object> again = awaitReply(authorizeCard(orderId));
        assertThat(again.get("message_type")).isEqualTo("CardAuthorized");
        assertThat(again.get("payload")).as("the same authorizationId").isEqualTo(first.get("payload"));
        assertThat(authorizedInLegacy(orderId)).as("authorized once").isEqualTo(1);
    }

    @Test
    void shouldFailAtOnceWhenTheLegacySystemRefusesTheRequest() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        // no orderTotal: the legacy API answers 400, which no retry can change — failed at once (and logged as ERROR)
        String messageId = command(orderId, "AuthorizeCard", "{\"orderId\":\"" + orderId + "\",\"consumerId\":\"c-1\"}");

        Map<String, Object> reply = awaitReply(messageId, Duration.ofSeconds(3));
        assertThat(reply.get("message_type")).isEqualTo("CardAuthorizationFailed");
        assertThat((String) reply.get("payload")).contains("legacy accounting refused the request (HTTP 400)",
                "requestKey and amount are required");
        assertThat(jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where order_id = ?",
                Integer.class, orderId)).isZero();
    }

    private String authorizeCard(String orderId) throws Exception {
        return authorizeCard(orderId, "17.00");
    }

    private String authorizeCard(String orderId, String total) throws Exception {
        return command(orderId, "AuthorizeCard",
                "{\"orderId\":\"" + orderId + "\",\"consumerId\":\"c-1\",\"orderTotal\":" + total + "}");
    }

    /** An order whose card is authorized for 17.00. */
    private String authorizedOrder() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        assertThat(awaitReply(authorizeCard(orderId)).get("message_type")).isEqualTo("CardAuthorized");
        return orderId;
    }

    private String reverse(String orderId) throws Exception {
        return command(orderId, "ReverseAuthorization", reverseBody(orderId));
    }

    private String revise(String orderId, String total) throws Exception {
        return command(orderId, "ReviseAuthorization", reviseBody(orderId, total));
    }

    private static String reverseBody(String orderId) {
        return "{\"orderId\":\"" + orderId + "\"}";
    }

    private static String reviseBody(String orderId, String total) {
        return "{\"orderId\":\"" + orderId + "\",\"orderTotal\":" + total + "}";
    }

    /** Two commands about one order, sent in this order on one session; returns the second's messageId. */
    private String sendPair(String orderId, String firstType, String firstBody, String secondType, String secondBody)
            throws Exception {
        String second = UUID.randomUUID().toString();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("accounting.commands"));
            producer.send(TestCommands.command(session, UUID.randomUUID().toString(), firstType, "1.0", orderId,
                    firstBody));
            producer.send(TestCommands.command(session, second, secondType, "1.0", orderId, secondBody));
        }
        return second;
    }

    private BigDecimal legacyAmount(String orderId) {
        return jdbc.queryForObject("select amount from accounting.legacy_authorizations where order_id = ?",
                BigDecimal.class, orderId);
    }

    private int authorizedInLegacy(String orderId) {
        return jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where order_id = ? "
                + "and status = 'AUTHORIZED'", Integer.class, orderId);
    }


    private String command(String orderId, String type, String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        TestCommands.send(connectionFactory, "accounting.commands", messageId, type, orderId, body);
        return messageId;
    }

    private Map<String, Object> awaitReply(String messageId) {
        return awaitReply(messageId, Duration.ofSeconds(30));
    }

    private Map<String, Object> awaitReply(String messageId, Duration within) {
        await().atMost(within).until(() -> !replies(messageId).isEmpty());
        return replies(messageId).get(0);
    }

    private List<Map<String, Object>> replies(String messageId) {
        return jdbc.queryForList("select message_type, payload from accounting.outbox where correlation_id = ?",
                messageId);
    }

    private void mode(int instance, String mode) throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/partners/api/v1/legacy/accounting/instances/" + instance + "/mode"))
                .header("Content-Type", "application/json").header("Authorization", HubSystemTest.OPERATOR_BASIC)
                .PUT(HttpRequest.BodyPublishers.ofString(mode)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
    }
}
