package io.integrationhub.routes.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** API requests wait for the routes: 503 + Retry-After while Camel starts, never a 404 for a route not yet there. */
class StartingUpFilterTest {

    private final AtomicInteger passedOn = new AtomicInteger();
    private final FilterChain chain = (request, response) -> passedOn.incrementAndGet();

    @Test
    void shouldAnswer503UntilTheRoutesHaveStartedThenPassEverythingOn() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            StartingUpFilter filter = new StartingUpFilter(camel::isStarted);

            MockHttpServletResponse starting = call(filter, "POST", "/api/v1/orders");
            assertThat(starting.getStatus()).isEqualTo(503);
            assertThat(starting.getHeader("Retry-After")).isEqualTo("5");
            assertThat(starting.getContentType()).startsWith("application/problem+json");
            assertThat(starting.getContentAsString()).contains("\"status\":503").contains("starting");
            assertThat(call(filter, "GET", "/partners/api/v1/consumers/c-1").getStatus()).isEqualTo(503);
            assertThat(passedOn).as("no API request reached the routes").hasValue(0);

            // health and consoles are not held back: readiness is how a platform learns the service is not ready
            assertThat(call(filter, "GET", "/actuator/health").getStatus()).isEqualTo(200);
            assertThat(passedOn).hasValue(1);

            camel.start();
            assertThat(call(filter, "POST", "/api/v1/orders").getStatus()).isEqualTo(200);
            assertThat(passedOn).hasValue(2);
        }
    }

    private MockHttpServletResponse call(StartingUpFilter filter, String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
