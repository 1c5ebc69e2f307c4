package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.integrationhub.routes.db.DatabaseUnreachableException;

/** Without its database a service refuses to start, and says why and what to do instead of dumping a trace. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnreachableTest {

    @Test
    void shouldRefuseToStartWithAClearMessageWhenPostgresIsUnreachable(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(PartnerAdaptersApplication.class)
                .profiles("test");
        String[] args = { "--hub.test.datasource-override=false",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere",
                "--spring.datasource.hikari.connection-timeout=1000", "--server.port=0" };

        assertThatThrownBy(() -> app.run(args).close()).hasRootCauseInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(DatabaseUnreachableException.class::isInstance));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere is unreachable")
                .contains("DB_URL");
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
