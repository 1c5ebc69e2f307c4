package io.integrationhub.order;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The order service as its own process (distributed and compose modes). */
@SpringBootApplication
public class OrderApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(OrderApplication.class);
        app.setDefaultProperties(Map.of("spring.application.name", "order-app", "HTTP_PORT", "8080"));
        app.run(args);
    }
}
