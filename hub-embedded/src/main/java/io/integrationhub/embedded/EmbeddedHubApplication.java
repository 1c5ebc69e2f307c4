package io.integrationhub.embedded;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.integrationhub.order.OrderApplication;
import io.integrationhub.partners.PartnerAdaptersApplication;

/**
 * order-app and partner-adapters in one JVM with an embedded Artemis broker. They still talk only through the broker:
 * each keeps its own routes, schemas and channels. Default profiles: {@code embedded,dev}.
 */
@SpringBootApplication(scanBasePackageClasses = { OrderApplication.class, PartnerAdaptersApplication.class })
public class EmbeddedHubApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(EmbeddedHubApplication.class);
        app.setDefaultProperties(Map.of(
                "spring.application.name", "integration-hub",
                "spring.profiles.default", "embedded,dev"));
        app.run(args);
    }
}
