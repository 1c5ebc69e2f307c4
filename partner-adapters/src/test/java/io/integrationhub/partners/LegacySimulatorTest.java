package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.integrationhub.partners.legacy.LegacySimulators;

/**
 * The simulated legacy systems over real HTTP, and their fault injection through the partner API: normal, slow,
 * failing, down (connection refused), declining and back; authorization is idempotent on the request key across
 * instances, and so is a decline (over the card limit, or by an instance in fault mode declining); reverse is
 * idempotent, revise sets the amount within the card limit (402 otherwise) and is refused once reversed (409).
 */
@SpringBootTest(classes = PartnerAdaptersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LegacySimulatorTest {

    @LocalServerPort
    int port;

    @Autowired
    LegacySimulators simulators;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void backToNormal() throws Exception {
        setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"normal\"}");
        setMode(LegacySimulators.ACCOUNTING, 1, "{\"mode\":\"normal\"}");
    }

    @Test
    void shouldAuthorizeOnceForOneRequestKeyWhicheverInstanceIsAsked() throws Exception {
        String key = "order-" + UUID.randomUUID();
        HttpResponse<String> first = authorize(0, key);
        HttpResponse<String> retry = authorize(1, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).as("a retry finds the earlier authorization").isEqualTo(200);
        String id = first.body().replaceAll(".*\"authorizationId\":\"([^\"]+)\".*", "$1");
        assertThat(retry.body()).contains(id);
        assertThat(get(legacy(0, "/legacy/accounting/authorizations?requestKey=" + key)).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from accounting.legacy_authorizations where request_key = ?",
                Integer.class, key)).isEqualTo(1);
    }

    @Test
    void shouldBeSlowFailingDownAndBackOnDemand() throws Exception {
        assertThat(setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"slow\",\"latencyMs\":300}").statusCode())
                .isEqualTo(200);
        long start = System.nanoTime();
        assertThat(authorize(0, "slow-" + UUID.randomUUID()).statusCode()).isEqualTo(201);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);

        setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"failing\",\"errorRate\":1.0}");
        assertThat(authorize(0, "failing-" + UUID.randomUUID()).statusCode()).isEqualTo(503);

        setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"down\"}");
        assertThatThrownBy(() -> authorize(0, "down-" + UUID.randomUUID())).isInstanceOf(ConnectException.class);
        assertThat(get(control(LegacySimulators.ACCOUNTING, 0)).body()).contains("\"mode\":\"down\"");
        assertThat(authorize(1, "other-" + UUID.randomUUID()).statusCode()).as("the other instance").isEqualTo(201);

        setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"normal\"}");
        assertThat(authorize(0, "back-" + UUID.randomUUID()).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldDeclineACardOverItsLimitAndGiveTheSameDeclineForTheSameRequestKey() throws Exception {
        String key = "over-limit-" + UUID.randomUUID();
        HttpResponse<String> declined = authorize(0, key, "1089.00"); // the card limit is 1000.00

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("\"error\":\"card declined: amount 1089.00 is over the card limit 1000.00\"")
                .doesNotContain("authorizationId");
        HttpResponse<String> again = authorize(1, key, "1089.00");
        assertThat(again.statusCode()).as("asked again, of the other instance").isEqualTo(402);
        assertThat(again.body()).isEqualTo(declined.body());
        assertThat(get(legacy(0, "/legacy/accounting/authorizations?requestKey=" + key)).statusCode()).isEqualTo(402);
        assertThat(jdbc.queryForList("select status from accounting.legacy_authorizations where request_key = ?",
                String.class, key)).as("a remembered decline, no authorization").containsExactly("DECLINED");
        assertThat(authorize(0, "at-limit-" + UUID.randomUUID(), "1000.00").statusCode())
                .as("up to the limit is fine").isEqualTo(201);
    }

    @Test
    void shouldDeclineEveryAuthorizationInDecliningModeAndOtherwiseAnswerNormally() throws Exception {
        String earlier = "before-declining-" + UUID.randomUUID();
        assertThat(authorize(0, earlier).statusCode()).isEqualTo(201);
        assertThat(setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"declining\"}").statusCode()).isEqualTo(200);
        assertThat(get(control(LegacySimulators.ACCOUNTING, 0)).body()).contains("\"mode\":\"declining\"");

        String key = "declining-" + UUID.randomUUID();
        HttpResponse<String> declined = authorize(0, key);
        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("card declined", "fault mode declining");
        assertThat(authorize(0, earlier).statusCode()).as("an earlier authorization stands").isEqualTo(200);
        assertThat(get(legacy(0, "/legacy/accounting/authorizations?requestKey=" + earlier)).statusCode())
                .isEqualTo(200);
        assertThat(authorize(1, "elsewhere-" + UUID.randomUUID()).statusCode()).as("the other instance").isEqualTo(201);

        setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"normal\"}");
        assertThat(authorize(0, key).statusCode()).as("the decline is remembered").isEqualTo(402);
        assertThat(authorize(0, "after-" + UUID.randomUUID()).statusCode()).isEqualTo(201);

        HttpResponse<String> profiles = setMode(LegacySimulators.CONSUMER_PROFILES, 0, "{\"mode\":\"declining\"}");
        assertThat(profiles.statusCode()).as("consumer profiles have no cards to decline").isEqualTo(400);
        assertThat(profiles.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void shouldReverseOnceAndAnswerTheSameRecordWhenAskedAgainOfEitherInstance() throws Exception {
        String id = authorizationId(authorize(0, "reverse-" + UUID.randomUUID()));

        HttpResponse<String> reversed = send(0, "POST", "/authorizations/" + id + "/reverse", "");
        HttpResponse<String> again = send(1, "POST", "/authorizations/" + id + "/reverse", "");

        assertThat(reversed.statusCode()).isEqualTo(200);
        assertThat(reversed.body()).contains("\"status\":\"REVERSED\"");
        assertThat(again.statusCode()).as("reversing a reversed authorization is idempotent").isEqualTo(200);
        assertThat(again.body()).isEqualTo(reversed.body());
        assertThat(send(0, "POST", "/authorizations/auth-nobody/reverse", "").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldReviseToTheLastAmountWithinTheCardLimitOnly() throws Exception {
        String id = authorizationId(authorize(0, "revise-" + UUID.randomUUID()));

        assertThat(send(0, "PUT", "/authorizations/" + id, "{\"amount\":30.00}").statusCode()).isEqualTo(200);
        HttpResponse<String> last = send(1, "PUT", "/authorizations/" + id, "{\"amount\":25.50}");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(send(1, "PUT", "/authorizations/" + id, "{\"amount\":25.50}").body())
                .as("the same revise again changes nothing").isEqualTo(last.body());

        HttpResponse<String> over = send(0, "PUT", "/authorizations/" + id, "{\"amount\":1089.00}");
        assertThat(over.statusCode()).isEqualTo(402);
        assertThat(over.body()).contains("\"error\":\"card declined: amount 1089.00 is over the card limit 1000.00\"");
        assertThat(amount(id)).as("a declined revise is not applied").isEqualByComparingTo("25.50");
        assertThat(send(0, "PUT", "/authorizations/" + id, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseToReviseAReversedAuthorization() throws Exception {
        String id = authorizationId(authorize(0, "revise-reversed-" + UUID.randomUUID()));
        assertThat(send(0, "POST", "/authorizations/" + id + "/reverse", "").statusCode()).isEqualTo(200);

        HttpResponse<String> revise = send(1, "PUT", "/authorizations/" + id, "{\"amount\":20.00}");
        assertThat(revise.statusCode()).isEqualTo(409);
        assertThat(revise.body()).contains("\"error\":\"authorization " + id + " was reversed\"");
        assertThat(send(1, "PUT", "/authorizations/" + id, "{\"amount\":1089.00}").statusCode())
                .as("reversed decides before the card limit").isEqualTo(409);
        assertThat(amount(id)).isEqualByComparingTo("12.50");
    }

    @Test
    void shouldServeConsumerProfilesAndRefuseNonsenseModes() throws Exception {
        String consumer = "c-" + UUID.randomUUID();
        jdbc.update("insert into consumer.consumers (id, name, credit_limit) values (?, 'Ada', 800)", consumer);
        int profiles = simulators.port(LegacySimulators.CONSUMER_PROFILES, 0);
        HttpResponse<String> profile = get("http://127.0.0.1:" + profiles + "/legacy/consumer-profiles/" + consumer);
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body()).contains("\"tier\":\"GOLD\"");
        assertThat(get("http://127.0.0.1:" + profiles + "/legacy/consumer-profiles/c-nobody").statusCode())
                .isEqualTo(404);

        HttpResponse<String> bad = setMode(LegacySimulators.ACCOUNTING, 0, "{\"mode\":\"sideways\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(setMode("mainframe", 0, "{\"mode\":\"down\"}").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> authorize(int instance, String key) throws Exception {
        return authorize(instance, key, "12.50");
    }

    private HttpResponse<String> authorize(int instance, String key, String amount) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(legacy(instance, "/legacy/accounting/authorizations")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"requestKey\":\"" + key
                        + "\",\"consumerId\":\"c-1\",\"orderId\":\"o-1\",\"amount\":" + amount + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(int instance, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(legacy(instance, "/legacy/accounting" + path)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String authorizationId(HttpResponse<String> authorized) {
        assertThat(authorized.statusCode()).isEqualTo(201);
        return authorized.body().replaceAll(".*\"authorizationId\":\"([^\"]+)\".*", "$1");
    }

    private BigDecimal amount(String id) {
        return jdbc.queryForObject("select amount from accounting.legacy_authorizations where id = ?",
                BigDecimal.class, id);
    }

    private HttpResponse<String> setMode(String system, int instance, String mode) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(control(system, instance)))
                .header("Content-Type", "application/json")
                // fault injection is operator-only outside the dev profile
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "admin:test-admin-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(mode)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String legacy(int instance, String path) {
        return "http://127.0.0.1:" + simulators.port(LegacySimulators.ACCOUNTING, instance) + path;
    }

    private String control(String system, int instance) {
        return "http://127.0.0.1:" + port + "/partners/api/v1/legacy/" + system + "/instances/" + instance + "/mode";
    }
}
