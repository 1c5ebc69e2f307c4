package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.integrationhub.routes.secrets.MissingSecretsException;

/**
 * The production profile refuses to start without its secrets — all of them named in one paragraph, and before the
 * broker starts or any schema migrates.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingSecretsTest {

    @Test
    void shouldRefuseToStartBeforeAnythingRunsWhenProductionSecretsAreMissing(CapturedOutput output) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(PartnerAdaptersApplication.class)
                .profiles("test", "production");
        String[] args = { "--server.port=0", "--spring.datasource.password=",
                "--hub.broker.services.partner-adapters.password=", "--hub.security.admin-password=" };

        assertThatThrownBy(() -> app.run(args).close()).isInstanceOf(MissingSecretsException.class)
                .satisfies(e -> assertThat(((MissingSecretsException) e).missing()).extracting("variable")
                        .containsExactly("DB_PASSWORD", "HUB_ADMIN_PASSWORD",
                                // the broker password of the one service this process runs (partner-adapters.yml)
                                "PARTNER_ADAPTERS_BROKER_PASSWORD"));
        assertThat(output).contains("APPLICATION FAILED TO START").contains("DB_PASSWORD")
                .contains("PARTNER_ADAPTERS_BROKER_PASSWORD").contains("HUB_ADMIN_PASSWORD")
                .doesNotContain("ORDER_APP_BROKER_PASSWORD")
                // nothing was started: no broker, no migration
                .doesNotContain("Embedded Artemis").doesNotContain("migration(s) applied")
                .doesNotContain("AMQ221020")
                // one paragraph, not a stack trace
                .doesNotContain("\tat ").doesNotContain("Caused by:");
    }
}
