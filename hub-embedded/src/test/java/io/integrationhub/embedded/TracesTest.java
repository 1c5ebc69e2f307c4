package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One order's trace across both services, as an exporter would get it: the intake's span continues the caller's
 * {@code traceparent}; the relay's PRODUCER span of each outbox row is a child of the span that wrote the row; a
 * consumer's CONSUMER span is a child of the PRODUCER span of the message it got — through the broker's JMS headers,
 * the only way order-app and partner-adapters talk.
 */
@HubSystemTest
@ExtendWith(OutputCaptureExtension.class)
class TracesTest {

    static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("hub.jms.component");
    static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("hub.message.type");

    @LocalServerPort
    int port;

    @Autowired
    FinishedSpans finished;

    @Test
    void shouldTraceOneOrderThroughOutboxBrokerPartnersAndSagaInOneTrace(CapturedOutput output) throws Exception {
        HubClient hub = new HubClient(port);
        String restaurant = hub.newRestaurant();
        String consumer = hub.newConsumer("100.00");
        SecureRandom random = new SecureRandom();
        byte[] traceBytes = new byte[16];
        byte[] spanBytes = new byte[8];
        random.nextBytes(traceBytes);
        random.nextBytes(spanBytes);
        String traceId = HexFormat.of().formatHex(traceBytes);
        String callerSpan = HexFormat.of().formatHex(spanBytes);

        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/orders"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"consumerId":"%s","restaurantId":"%s","lineItems":[{"menuItemId":"dal","quantity":1}]}"""
                        .formatted(consumer, restaurant))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = new ObjectMapper().readTree(accepted.body()).get("orderId").asText();
        hub.awaitState(orderId, "APPROVED", Duration.ofSeconds(60));

        // the saga's last reply (ConfirmCreateTicket's) is consumed by order-replies before APPROVED is visible
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(consumed(traceId, "order-replies",
                "partner-jms")).as("order-replies consumed the five partner replies").hasSizeGreaterThanOrEqualTo(5));
        List<SpanData> trace = finished.ofTrace(traceId);
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

        SpanData intake = single(trace, s -> s.getName().equals("POST /api/v1/orders"));
        assertThat(intake.getKind()).isEqualTo(SpanKind.SERVER);
        // the caller's span, or the HTTP server observation's span that continued it
        assertThat(intake.getParentSpanId().equals(callerSpan) || byId.containsKey(intake.getParentSpanId()))
                .as("the intake continues the caller's trace").isTrue();
        assertThat(trace).as("every span but the first hangs off a span of this trace or the caller's")
                .allMatch(s -> s.getParentSpanId().equals(callerSpan) || byId.containsKey(s.getParentSpanId()));

        // order-app: the intake's rows go out in PRODUCER spans that are its children
        SpanData validateConsumer = single(trace, s -> s.getKind() == SpanKind.PRODUCER
                && "ValidateConsumerInfo".equals(s.getAttributes().get(MESSAGE_TYPE)));
        assertThat(validateConsumer.getParentSpanId()).isEqualTo(intake.getSpanId());
        assertThat(validateConsumer.getAttributes().get(COMPONENT)).isEqualTo("order-jms");

        // partner-adapters: each command consumed in a CONSUMER span, child of the PRODUCER span that sent it
        for (String route : List.of("consumer-commands", "restaurant-commands", "kitchen-commands",
                "accounting-commands")) {
            List<SpanData> consumed = consumed(traceId, route, "order-jms");
            assertThat(consumed).as(route + " consumed this order's commands in its trace").isNotEmpty();
            for (SpanData span : consumed) {
                assertThat(span.getAttributes().get(COMPONENT)).isEqualTo("partner-jms");
                SpanData producer = byId.get(span.getParentSpanId());
                assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
                assertThat(producer.getAttributes().get(COMPONENT)).isEqualTo("order-jms");
            }
        }
        SpanData consumerValidation = single(consumed(traceId, "consumer-commands", "order-jms"), s -> true);
        assertThat(consumerValidation.getParentSpanId()).isEqualTo(validateConsumer.getSpanId());

        // ... whose reply (the partner's outbox row) goes out in a PRODUCER span that is the consumer span's child,
        // and order-replies (the saga) consumes it in a CONSUMER span that is that PRODUCER's child
        SpanData reply = single(trace, s -> s.getKind() == SpanKind.PRODUCER
                && s.getParentSpanId().equals(consumerValidation.getSpanId()));
        assertThat(reply.getAttributes().get(COMPONENT)).isEqualTo("partner-jms");
        SpanData sagaStep = single(trace, s -> s.getKind() == SpanKind.CONSUMER
                && s.getParentSpanId().equals(reply.getSpanId()));
        assertThat(sagaStep.getName()).isEqualTo("consume order-replies");
        assertThat(sagaStep.getAttributes().get(COMPONENT)).isEqualTo("order-jms");
        // the saga's next command (CreateTicket, after both validations) continues one of the replies' spans
        SpanData createTicket = single(trace, s -> s.getKind() == SpanKind.PRODUCER
                && "CreateTicket".equals(s.getAttributes().get(MESSAGE_TYPE)));
        assertThat(byId.get(createTicket.getParentSpanId()).getName()).isEqualTo("consume order-replies");

        // the kitchen's log line carries the trace id (Boot's log correlation, MDC of the CONSUMER span in scope)
        assertThat(output.getAll().lines().filter(line -> line.contains("CreateTicket for order " + orderId + " applied")))
                .as("the kitchen's log line").isNotEmpty()
                .allMatch(line -> line.contains(traceId));
    }

    private List<SpanData> consumed(String traceId, String route, String fromComponent) {
        Map<String, SpanData> byId = finished.ofTrace(traceId).stream()
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        return byId.values().stream().filter(s -> s.getKind() == SpanKind.CONSUMER
                && s.getName().equals("consume " + route)
                && byId.containsKey(s.getParentSpanId())
                && fromComponent.equals(byId.get(s.getParentSpanId()).getAttributes().get(COMPONENT))).toList();
    }

    private static SpanData single(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans: " + spans.stream().map(s -> s.getKind() + " " + s.getName() + " "
                + s.getSpanId() + "<-" + s.getParentSpanId()).toList()).hasSize(1);
        return found.get(0);
    }
}
