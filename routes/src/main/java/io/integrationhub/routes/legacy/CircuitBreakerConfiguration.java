package io.integrationhub.routes.legacy;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestConfiguration;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code GET <admin>/circuit-breakers} (operators only) and the breakers' metrics. */
@AutoConfiguration(after = HubRestConfiguration.class)
public class CircuitBreakerConfiguration {

    @Bean
    CircuitBreakers circuitBreakers(CamelContext camel) {
        return new CircuitBreakers(camel);
    }

    @Bean
    CamelContextConfiguration circuitBreakerMetrics(CircuitBreakers breakers, ObjectProvider<MeterRegistry> meters) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                meters.ifAvailable(breakers::registerMetrics);
            }
        };
    }

    @Bean
    RouteBuilder circuitBreakerAdminRoute(CircuitBreakers breakers, ObjectMapper json,
            ObjectProvider<AdminApi> apis) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (AdminApi api : apis.orderedStream().toList()) {
                    rest(api.basePath() + "/circuit-breakers").description("Circuit breakers (operators)")
                            .get().id("get-circuit-breakers-" + api.name()).produces("application/json")
                            .to("direct:circuit-breakers-" + api.name());
                    from("direct:circuit-breakers-" + api.name()).routeId("circuit-breakers-" + api.name())
                            .routeConfigurationId(HubRestErrors.ID)
                            .process(e -> RestResponses.respond(e, 200, "application/json",
                                    json.writeValueAsString(Map.of("circuitBreakers", breakers.all()))));
                }
            }
        };
    }
}
