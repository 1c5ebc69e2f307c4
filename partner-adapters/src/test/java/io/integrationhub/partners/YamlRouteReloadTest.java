package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An operator edits the YAML routes in a folder on disk: the shipped routes are the default, the changed file's route
 * is reloaded without a restart, other routes keep running, and a broken edit keeps the last good version.
 */
@SpringBootTest(classes = PartnerAdaptersApplication.class)
@ActiveProfiles("test")
class YamlRouteReloadTest {

    static final Path routesFolder;

    static {
        try {
            routesFolder = Files.createTempDirectory("hub-routes");
            try (InputStream shipped = YamlRouteReloadTest.class
                    .getResourceAsStream("/hub-routes/partner-adapters/notification.camel.yaml")) {
                Files.copy(shipped, routesFolder.resolve("notification.camel.yaml"));
            }
            writeProbe("v1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void routesFromFolder(DynamicPropertyRegistry registry) {
        registry.add("hub.partner-adapters.routes-location", () -> "file:" + routesFolder);
        registry.add("hub.routes.reload", () -> "true");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldReloadAnEditedRouteAndKeepTheLastGoodVersionOfABrokenOne() throws Exception {
        assertThat(producer.requestBody("direct:reload-probe", "", String.class)).isEqualTo("v1");

        writeProbe("v2");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> producer.requestBody("direct:reload-probe", "", String.class), "v2"::equals);
        assertThat(camel.getRouteController().getRouteStatus("notification-commands"))
                .isEqualTo(ServiceStatus.Started);

        Files.writeString(routesFolder.resolve("probe.camel.yaml"), "- route: [this is not a route");
        // give the watcher time to see (and reject) the broken file; the old route must still answer
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> producer.requestBody("direct:reload-probe", "", String.class), "v2"::equals);
    }

    /**
     * Editing the file of a templated route reloads its plain routes (the handler); the templated route itself keeps
     * running with the parameters it started with — Camel 4.17's reload does not re-create templated routes, so a
     * changed parameter needs a restart.
     */
    @Test
    void shouldReloadTheRoutesOfAnEditedTemplatedRouteFileAndKeepHandlingItsChannel() throws Exception {
        writeProbe("v1"); // the other test leaves a broken probe file behind, and expects v1 if it runs later
        Path notification = routesFolder.resolve("notification.camel.yaml");
        String shipped = Files.readString(notification);
        // an operator's edit of the templated route's file: one more route in it shows the file was reloaded
        Files.writeString(notification, shipped + """

                # answers once the edited file is loaded
                - route:
                    id: notification-edit-probe
                    from:
                      uri: direct:notification-edit-probe
                      steps:
                        - setBody:
                            constant: "edited"
                """);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> producer.requestBody("direct:notification-edit-probe", "", String.class), "edited"::equals);
        assertThat(camel.getRouteController().getRouteStatus("notification-commands"))
                .isEqualTo(ServiceStatus.Started);

        String messageId = UUID.randomUUID().toString();
        producer.sendBodyAndHeaders("jms:queue:{{hub.channels.notification-commands}}",
                "{\"consumerId\":\"c-1\",\"orderId\":\"o-1\",\"text\":\"after the edit\"}",
                Map.of("messageId", messageId, "messageType", "NotifyConsumer", "messageVersion", "1.0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from notification.notifications where message_id = ?", Integer.class, messageId) == 1);
    }

    private static void writeProbe(String version) throws IOException {
        Files.writeString(routesFolder.resolve("probe.camel.yaml"), """
                # answers with the version of this file
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(version));
    }
}
