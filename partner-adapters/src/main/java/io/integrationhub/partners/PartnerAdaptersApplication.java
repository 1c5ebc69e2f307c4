package io.integrationhub.partners;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The partner adapters as their own process (distributed and compose modes). */
@SpringBootApplication
public class PartnerAdaptersApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(PartnerAdaptersApplication.class);
        app.setDefaultProperties(Map.of("spring.application.name", "partner-adapters", "HTTP_PORT", "8081"));
        app.run(args);
    }
}
