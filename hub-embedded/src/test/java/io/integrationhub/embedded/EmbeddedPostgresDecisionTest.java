package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import io.integrationhub.routes.db.embedded.EmbeddedPostgresEnvironment;
import io.integrationhub.testsupport.IsolatedTestInfrastructure;

/** A configured or reachable PostgreSQL always wins; the embedded one is the fallback, or chosen explicitly. */
class EmbeddedPostgresDecisionTest {

    private static final String NOBODY = "jdbc:postgresql://127.0.0.1:1/postgres";

    @Test
    void shouldUseAnEmbeddedPostgresWhenNoneIsConfiguredAndNoneAnswers() {
        MockEnvironment environment = decide("auto", NOBODY, false);

        assertThat(environment.getProperty("hub.database.embedded.active", Boolean.class)).isTrue();
        assertThat(environment.getProperty("spring.datasource.url")).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/hub");
    }

    @Test
    void shouldKeepAReachablePostgres() throws Exception {
        try (ServerSocket listening = new ServerSocket(IsolatedTestInfrastructure.freePort(), 1,
                InetAddress.getLoopbackAddress())) {
            String url = "jdbc:postgresql://127.0.0.1:" + listening.getLocalPort() + "/postgres";
            MockEnvironment environment = decide("auto", url, false);

            assertThat(environment.containsProperty("hub.database.embedded.active")).isFalse();
            assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(url);
        }
    }

    @Test
    void shouldKeepAConfiguredPostgresEvenWhenItIsDown() {
        MockEnvironment environment = decide("auto", NOBODY, true);

        assertThat(environment.containsProperty("hub.database.embedded.active")).isFalse();
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(NOBODY);
    }

    @Test
    void shouldNeverEmbedInExternalModeAndAlwaysWhenAskedTo() {
        assertThat(decide("external", NOBODY, false).containsProperty("hub.database.embedded.active")).isFalse();
        assertThat(decide("embedded", NOBODY, true).getProperty("hub.database.embedded.active", Boolean.class))
                .isTrue();
        assertThatThrownBy(() -> decide("sometimes", NOBODY, false)).hasMessageContaining("auto, embedded or external");
    }

    private static MockEnvironment decide(String mode, String url, boolean dbUrlSet) {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.database.mode", mode)
                .withProperty("spring.datasource.url", url)
                .withProperty("hub.database.embedded.port", String.valueOf(IsolatedTestInfrastructure.freePort()));
        if (dbUrlSet) {
            environment.setProperty("DB_URL", url);
        }
        new EmbeddedPostgresEnvironment(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
