package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the dashboard and the alert rules query is what a running hub exports — from its first scrape, before any
 * event: counters are registered at 0, latency histograms have buckets.
 */
@HubSystemTest
class MetricsExportTest {

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:hub|camel|http_server|resilience4j|hikaricp|jvm)_[a-z0-9_]+)\\b");

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    @Test
    void shouldExportEveryMetricTheDashboardAndTheAlertsUseFromTheStart() throws Exception {
        String scrape = scrape();
        Set<String> used = new TreeSet<>();
        for (Path file : new Path[] { Path.of("../deploy/grafana/hub-dashboard.json"),
                Path.of("../deploy/prometheus/hub-alerts.yml") }) {
            Matcher names = METRIC.matcher(Files.readString(file));
            while (names.find()) {
                used.add(names.group(1));
            }
        }
        // a replication slot exists only for an outbox relayed by log tailing, and this hub polls: the slot gauges
        // are checked where that relay runs (LogTailingOutboxRelayTest)
        used.removeIf(name -> name.startsWith("hub_outbox_slot_"));
        assertThat(used).hasSizeGreaterThan(10);
        assertThat(used).allSatisfy(name -> assertThat(scrape).as("exported: " + name).containsPattern(
                "(?m)^" + Pattern.quote(name) + "[{ ]"));
    }

    @Test
    void shouldRegisterTheHubsCountersAtZeroForEveryChannelRouteAndBreaker() {
        String scrape = scrape();
        assertThat(scrape)
                .contains("hub_messages_dead_lettered_total{channel=\"notification.commands\",kind=\"poison\"")
                .contains("hub_messages_dead_lettered_total{channel=\"order.replies\",kind=\"exhausted\"")
                .contains("hub_messages_redeliveries_total{channel=\"consumer.commands\"")
                .contains("hub_messages_duplicates_total{route=\"restaurant-replica\"")
                .contains("hub_messages_parked_total{channel=\"order.replies\"")
                .contains("hub_delivery_gaps_total{channel=\"kitchen.commands\"")
                .contains("hub_delivery_reorders_total{channel=\"restaurant.events\"")
                .contains("hub_delivery_gaps_alarmed ")
                .contains("hub_circuit_breaker_fallbacks_total{breaker=\"legacy-accounting-breaker\",reason=\"circuit-open\"")
                .contains("hub_sagas{state=\"FAILED\",type=\"create-order\"")
                .contains("hub_sagas_overdue{type=\"create-order\"")
                .contains("hub_saga_replies_ignored_total{reason=\"late\",saga=\"create-order\"")
                .contains("hub_saga_step_duration_seconds_bucket{direction=\"compensation\","
                        + "outcome=\"failed\",saga=\"create-order\",step=\"create-ticket\"")
                .containsPattern("http_server_requests_seconds_bucket\\{.*le=\"0\\.1\"")
                .containsPattern("camel_route_policy_seconds_bucket\\{.*le=\"0\\.01\"")
                // JMS request/reply and commit → broker: histograms with SLO buckets, there before the first call
                .containsPattern("hub_request_reply_duration_seconds_bucket\\{channel=\"consumer\\.queries\","
                        + "outcome=\"timeout\".*le=\"0\\.1\"")
                .containsPattern("hub_request_reply_duration_seconds_bucket\\{channel=\"consumer\\.queries\","
                        + "outcome=\"answered\".*le=\"0\\.025\"")
                .containsPattern("hub_outbox_delivery_latency_seconds_bucket\\{outbox=\"orders\".*le=\"0\\.1\"")
                .containsPattern("hub_outbox_delivery_latency_seconds_bucket\\{outbox=\"kitchen\".*le=\"0\\.5\"");
    }

    @Test
    void shouldTimeEveryJmsRequestReplyAndEveryRowFromItsCommitToTheBroker() throws Exception {
        HubClient hub = new HubClient(port);
        double answered = count(scrape(), "hub_request_reply_duration_seconds_count",
                "channel=\"consumer.queries\",outcome=\"answered\"");
        double relayed = count(scrape(), "hub_outbox_delivery_latency_seconds_count", "outbox=\"orders\"");

        // a GetConsumer round trip (ConsumerNotFound is an answer: 404) and an order, whose commands leave the outbox
        http.withBasicAuth("admin", "test-admin-password").getForEntity("/api/v1/consumers/nobody-" + UUID.randomUUID(),
                String.class);
        hub.placeOrder(hub.newConsumer("100"), hub.newRestaurant(), "dal", 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(count(scrape, "hub_request_reply_duration_seconds_count",
                    "channel=\"consumer.queries\",outcome=\"answered\"")).isGreaterThan(answered);
            assertThat(count(scrape, "hub_outbox_delivery_latency_seconds_count", "outbox=\"orders\""))
                    .isGreaterThan(relayed);
        });
        // a row's latency is measured by the database clock alone: never negative, and here well under a minute
        String scrape = scrape();
        assertThat(count(scrape, "hub_outbox_delivery_latency_seconds_sum", "outbox=\"orders\""))
                .isGreaterThan(0).isLessThan(60 * count(scrape, "hub_outbox_delivery_latency_seconds_count",
                        "outbox=\"orders\""));
    }

    /** The value of one series, 0 when absent. */
    private static double count(String scrape, String name, String labels) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels)
                + "[^}]*} (\\S+)").matcher(scrape);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private String scrape() {
        http.withBasicAuth("admin", "test-admin-password").getForEntity("/api/v1/orders/1", String.class);
        return http.withBasicAuth("admin", "test-admin-password").getForObject("/actuator/prometheus", String.class);
    }
}
