package io.integrationhub.order.consumers;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.grpc.GrpcConstants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.integrationhub.contracts.proto.v1.Consumer;
import io.integrationhub.contracts.proto.v1.GetConsumerRequest;
import io.integrationhub.routes.messaging.TraceParent;

/**
 * The gRPC {@code integrationhub.v1.ConsumerQuery/GetConsumer} (hub.proto) beside {@code GET /api/v1/consumers/{id}}:
 * Camel's gRPC component serves it on {@code hub.order-app.grpc.address:port} (loopback by default), and it asks the
 * consumer service over the same {@code direct:ask-consumer} path as the REST resource, so the two differ only in the
 * transport. Like the REST path it needs no login. The REST semantics as status codes: unknown consumer NOT_FOUND
 * (404), malformed id INVALID_ARGUMENT (400), no answer in time DEADLINE_EXCEEDED (504) — in time meaning by the
 * call's deadline or the configured consumer-query timeout, whichever is earlier.
 *
 * <p>Why the route answers through the call's StreamObserver itself ({@code routeControlledStreamObserver}): Camel's
 * own unary handler turns every failed exchange into INTERNAL with the exception's message, which would lose
 * NOT_FOUND and DEADLINE_EXCEEDED and show internal text to the client.
 */
@Component
public class ConsumerQueryGrpcRoute extends RouteBuilder {

    /** What a consumer id may be: the REST path segment's ids (c-1, c-<uuid>), at most the envelope's 100 chars. */
    private static final Pattern CONSUMER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private final ObjectMapper json;
    private final long serverTimeoutMs;

    public ConsumerQueryGrpcRoute(ObjectMapper json,
            @Value("${hub.order-app.consumer-query-timeout}") long serverTimeoutMs) {
        this.json = json;
        this.serverTimeoutMs = serverTimeoutMs;
    }

    @Override
    public void configure() {
        from("grpc://{{hub.order-app.grpc.address}}:{{hub.order-app.grpc.port}}/"
                + "io.integrationhub.contracts.proto.v1.ConsumerQuery"
                + "?routeControlledStreamObserver=true&synchronous=true")
                .routeId("grpc-consumer-query")
                .description("gRPC ConsumerQuery/GetConsumer: GetConsumer over JMS request/reply within the call's deadline")
                .onException(Exception.class).id("on-grpc-failure").handled(true)
                    .process(this::answerFailure).id("answer-grpc-status")
                .end()
                .process(this::request).id("grpc-get-consumer-request")
                .to(ConsumerQueryRoute.ASK_CONSUMER).id("ask-consumer-service-grpc")
                .process(this::answer).id("answer-grpc-consumer");
    }

    private void request(Exchange exchange) throws Exception {
        GetConsumerRequest request = exchange.getMessage().getMandatoryBody(GetConsumerRequest.class);
        String consumerId = request.getConsumerId();
        if (!CONSUMER_ID.matcher(consumerId).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("consumer_id must be 1 to 100 letters, digits or . _ : -")
                    .asRuntimeException();
        }
        exchange.setProperty(ConsumerQueryRoute.CONSUMER_ID, consumerId);
        exchange.setProperty(ConsumerQueryRoute.TRACE_PARENT, TraceParent.continueOrStart(null));
        // the route runs on the call's thread (synchronous=true), so the call's Context is current here
        Deadline deadline = Context.current().getDeadline();
        long timeoutMs = serverTimeoutMs;
        if (deadline != null) {
            long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
            if (remaining <= 0) {
                throw Status.DEADLINE_EXCEEDED.withDescription("the call's deadline had passed on arrival")
                        .asRuntimeException();
            }
            timeoutMs = Math.min(timeoutMs, remaining);
        }
        exchange.setProperty(ConsumerQueryRoute.TIMEOUT_MS, timeoutMs);
    }

    private void answer(Exchange exchange) throws Exception {
        String consumerId = exchange.getProperty(ConsumerQueryRoute.CONSUMER_ID, String.class);
        if (ConsumerQueryRoute.isNotFound(exchange)) {
            throw Status.NOT_FOUND.withDescription("Consumer '" + consumerId + "' does not exist.").asRuntimeException();
        }
        // the decimal as the consumer service wrote it ("42.50"), never through a double
        JsonNode details = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(exchange.getMessage().getBody(String.class));
        Consumer consumer = Consumer.newBuilder()
                .setConsumerId(details.path("consumerId").asText())
                .setName(details.path("name").asText())
                .setCreditLimit(details.path("creditLimit").decimalValue().toPlainString())
                .setActive(details.path("active").asBoolean())
                .build();
        StreamObserver<Object> call = observer(exchange);
        call.onNext(consumer);
        call.onCompleted();
    }

    /** Every failure becomes a status; only the ones this route chose carry a description for the client. */
    private void answerFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        StatusRuntimeException status;
        if (failure instanceof StatusRuntimeException chosen) {
            status = chosen;
        } else if (failure instanceof ExchangeTimedOutException timedOut) {
            status = Status.DEADLINE_EXCEEDED.withDescription("The consumer service did not answer within "
                    + timedOut.getTimeout() + " ms.").asRuntimeException();
        } else {
            log.warn("gRPC GetConsumer failed: {}", String.valueOf(failure));
            status = Status.UNAVAILABLE.withDescription("The consumer query failed; try again later.")
                    .asRuntimeException();
        }
        observer(exchange).onError(status);
    }

    @SuppressWarnings("unchecked")
    private static StreamObserver<Object> observer(Exchange exchange) {
        return exchange.getProperty(GrpcConstants.GRPC_RESPONSE_OBSERVER, StreamObserver.class);
    }
}
