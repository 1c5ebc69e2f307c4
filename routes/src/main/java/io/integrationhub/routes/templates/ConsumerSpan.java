package io.integrationhub.routes.templates;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import io.integrationhub.routes.tracing.HubTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Opens the CONSUMER span of a consumed message, child of the message's {@code traceparent}, and keeps it in scope
 * until the exchange is done: the handler's log lines carry its traceId/spanId and the outbox rows it writes (a
 * reply, the saga's next command) carry its context. The templated routes are synchronous (one JMS listener thread,
 * transacted), so the scope opens and closes on the same thread.
 */
final class ConsumerSpan implements Processor {

    private final HubTracing tracing;

    ConsumerSpan(HubTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void process(Exchange exchange) {
        var message = exchange.getMessage();
        Span span = tracing.start("consume " + exchange.getFromRouteId(), Span.Kind.CONSUMER,
                        message.getHeader(HubTracing.TRACEPARENT, String.class))
                .tag(HubTracing.TAG_COMPONENT, String.valueOf(exchange.getProperty(HubRouteTemplates.HUB_JMS_COMPONENT)))
                .tag(HubTracing.TAG_MESSAGE_TYPE, String.valueOf(message.getHeader("messageType")))
                .tag(HubTracing.TAG_MESSAGE_ID, String.valueOf(message.getHeader("messageId")));
        Tracer.SpanInScope scope = tracing.inScope(span);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                scope.close();
                if (done.getException() != null) {
                    span.error(done.getException());
                }
                span.end();
            }
        });
    }
}
