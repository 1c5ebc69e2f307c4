package io.integrationhub.routes.rest;

import jakarta.validation.Validator;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import org.springframework.core.Ordered;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.integrationhub.routes.messaging.Channels;

/**
 * Every refusal of an HTTP request is an RFC 9457 problem, whichever layer refuses it: the REST routes
 * ({@code hub-rest}), the filters below, Boot's {@code /error} page and Tomcat's own error report.
 */
@AutoConfiguration(after = { org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration.class,
        ValidationAutoConfiguration.class }, before = { ErrorMvcAutoConfiguration.class,
                SpringBootPlatformHttpAutoConfiguration.class })
@EnableConfigurationProperties(Channels.class)
public class HubRestConfiguration {

    /**
     * Money keeps its scale in every answer: Jackson's tree model strips trailing zeros of BigDecimals by default, so
     * an order built as a tree (GET with ?expand) showed 3.5 and 7 where POST showed 3.50 and 7.00.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer exactDecimalsInJsonTrees() {
        return builder -> builder.postConfigurer(
                mapper -> mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false));
    }

    /** REST requests routed on the thread that received them (the class says why); the starter's engine backs off. */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine requestThreadHttpEngine(@Value("${server.port:8080}") int port) {
        return new RequestThreadHttpEngine(port);
    }

    @Bean
    HubRestErrors hubRestErrors() {
        return new HubRestErrors();
    }

    @Bean(RequestBodies.BEAN)
    RequestBodies requestBodies(ObjectMapper json, Validator validator) {
        return new RequestBodies(json, validator);
    }

    /** Replaces Boot's BasicErrorController (it backs off when an ErrorController bean exists). */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** First of the API filters: nothing of an API request is looked at before the routes that answer it run. */
    @Bean
    FilterRegistrationBean<StartingUpFilter> startingUp(ObjectProvider<CamelContext> camelContexts) {
        FilterRegistrationBean<StartingUpFilter> registration = new FilterRegistrationBean<>(new StartingUpFilter(
                // no Camel at all: nothing to wait for
                () -> camelContexts.stream().allMatch(CamelContext::isStarted)));
        registration.setOrder(Integer.MIN_VALUE + 99);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(
            @Value("${hub.rest.max-body-bytes:65536}") long maxBytes) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(maxBytes));
        registration.setOrder(Integer.MIN_VALUE + 100);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Utf8BodyFilter> utf8Body() {
        FilterRegistrationBean<Utf8BodyFilter> registration = new FilterRegistrationBean<>(new Utf8BodyFilter());
        registration.setOrder(Integer.MIN_VALUE + 101);
        return registration;
    }

    @Bean
    FilterRegistrationBean<QueryTextFilter> queryText() {
        FilterRegistrationBean<QueryTextFilter> registration = new FilterRegistrationBean<>(new QueryTextFilter());
        registration.setOrder(Integer.MIN_VALUE + 102);
        return registration;
    }

    /**
     * Tomcat's error report valve sits on the host; Boot adds its own (no server info) from a context customizer.
     * Ours runs after Boot's customizer, removes that valve and installs the problem+json one; naming it as the
     * host's error report valve class keeps Tomcat from adding its HTML default at start.
     */
    @Bean
    ProblemErrorReports problemErrorReports() {
        return new ProblemErrorReports();
    }

    /**
     * Tomcat's error report valve sits on the host; Boot adds its own (no server info) from a context customizer.
     * Ours runs after Boot's customizer (order 0), removes that valve and installs the problem+json one; naming it
     * as the host's error report valve class keeps Tomcat from adding its HTML default at start.
     */
    static class ProblemErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
