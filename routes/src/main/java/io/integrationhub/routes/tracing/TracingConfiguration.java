package io.integrationhub.routes.tracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The hub's spans over the Tracer and Propagator Boot configures (OpenTelemetry SDK, W3C propagation, sampling,
 * OTLP export when {@code management.otlp.tracing.endpoint} is set); no-ops where a context has neither.
 */
@AutoConfiguration(after = { OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class })
public class TracingConfiguration {

    @Bean
    HubTracing hubTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new HubTracing(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
