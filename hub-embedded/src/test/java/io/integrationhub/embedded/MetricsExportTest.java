package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

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
                .contains("hub_circuit_breaker_fallbacks_total{breaker=\"legacy-accounting-breaker\",reason=\"circuit-open\"")
                .contains("hub_sagas{state=\"FAILED\",type=\"create-order\"")
                .contains("hub_sagas_overdue{type=\"create-order\"")
                .contains("hub_saga_replies_ignored_total{reason=\"late\",saga=\"create-order\"")
                .contains("hub_saga_step_duration_seconds_bucket{direction=\"compensation\","
                        + "outcome=\"failed\",saga=\"create-order\",step=\"create-ticket\"")
                .containsPattern("http_server_requests_seconds_bucket\\{.*le=\"0\\.1\"")
                .containsPattern("camel_route_policy_seconds_bucket\\{.*le=\"0\\.01\"");
    }

    private String scrape() {
        http.withBasicAuth("admin", "test-admin-password").getForEntity("/api/v1/orders/1", String.class);
        return http.withBasicAuth("admin", "test-admin-password").getForObject("/actuator/prometheus", String.class);
    }
}
