package io.integrationhub.routes.legacy;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestConfiguration;
import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.RestResponses;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code GET <admin>/circuit-breakers} (operators only) and the breakers' registry. */
@AutoConfiguration(after = HubRestConfiguration.class)
public class CircuitBreakerConfiguration {

    /** Camel's Circuit Breaker EIP takes its breakers from this registry (found by type), so we can listen to them. */
    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    CircuitBreakers circuitBreakers(CamelContext camel, ObjectProvider<MeterRegistry> meters,
            CircuitBreakerRegistry registry) {
        return new CircuitBreakers(camel, meters, registry);
    }

    /**
     * Reused threads for the calls under a time limiter ({@link LegacyCalls#CALL_EXECUTOR} says why), bound before the
     * routes start. Cached: each breaker's bulkhead already bounds the calls in flight, and a bounded pool would add a
     * second limit that refuses calls the bulkhead admitted. Camel shuts the pool down with the context. In the Camel
     * registry only: an ExecutorService bean in Spring's context would switch off Boot's task executor
     * (platform-http's).
     */
    @Bean
    CamelContextConfiguration legacyCallExecutor() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getRegistry().bind(LegacyCalls.CALL_EXECUTOR, camelContext.getExecutorServiceManager()
                        .newCachedThreadPool(this, "LegacyCall"));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
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
                            .description("State and call counts of every circuit breaker of this process")
                            .responseMessage().code(200).message("One entry per circuit breaker")
                                .responseModel(CircuitBreakerStates.class).endResponseMessage()
                            .to("direct:circuit-breakers-" + api.name());
                    from("direct:circuit-breakers-" + api.name()).routeId("circuit-breakers-" + api.name())
                            .routeConfigurationId(HubRestErrors.ID)
                            .process(e -> RestResponses.respond(e, 200, "application/json",
                                    json.writeValueAsString(new CircuitBreakerStates(breakers.all()))))
                            .id("report-breakers-" + api.name());
                }
            }
        };
    }
}
