package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.integrationhub.contracts.proto.v1.Consumer;
import io.integrationhub.contracts.proto.v1.ConsumerQueryGrpc;
import io.integrationhub.contracts.proto.v1.GetConsumerRequest;

/**
 * The gRPC ConsumerQuery beside GET /api/v1/consumers/{id}, called by a real gRPC client over loopback: the REST
 * path's 200 / 404 / 400 / 504 as OK / NOT_FOUND / INVALID_ARGUMENT / DEADLINE_EXCEEDED, with the call's deadline
 * honoured when it is shorter than the server's own timeout (2000 ms).
 */
@HubSystemTest
class ConsumerQueryGrpcTest {

    @Value("${hub.order-app.grpc.port}")
    int grpcPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    private ManagedChannel channel;
    private ConsumerQueryGrpc.ConsumerQueryBlockingStub consumers;

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        consumers = ConsumerQueryGrpc.newBlockingStub(channel);
        jdbc.update("insert into consumer.consumers (id, name, credit_limit) values ('c-grpc', 'Grace Hopper', 42.50) "
                + "on conflict do nothing");
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerAKnownConsumerAsTheRestResourceDoes() {
        Consumer consumer = consumers.withDeadlineAfter(5, TimeUnit.SECONDS)
                .getConsumer(GetConsumerRequest.newBuilder().setConsumerId("c-grpc").build());
        assertThat(consumer.getConsumerId()).isEqualTo("c-grpc");
        assertThat(consumer.getName()).isEqualTo("Grace Hopper");
        assertThat(consumer.getCreditLimit()).isEqualTo("42.50");
        assertThat(consumer.getActive()).isTrue();
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownConsumer() {
        assertThatThrownBy(() -> consumers.withDeadlineAfter(5, TimeUnit.SECONDS)
                .getConsumer(GetConsumerRequest.newBuilder().setConsumerId("c-nobody").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Consumer 'c-nobody' does not exist.");
                });
    }

    @Test
    void shouldRefuseAMalformedIdWithoutAskingTheConsumerService() {
        for (String bad : new String[] { "", "c 1", "x".repeat(101), "c-1\n" }) {
            assertThatThrownBy(() -> consumers.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getConsumer(GetConsumerRequest.newBuilder().setConsumerId(bad).build()))
                    .as("consumer_id %s", bad)
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void shouldAnswerDeadlineExceededByTheCallsDeadlineOrTheServersTimeoutWhenNobodyAnswers() throws Exception {
        camel.getRouteController().stopRoute("consumer-queries");
        try {
            // the caller's deadline is shorter than the server's 2000 ms: the server gives up with it
            long start = System.nanoTime();
            assertThatThrownBy(() -> consumers.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                    .getConsumer(GetConsumerRequest.newBuilder().setConsumerId("c-grpc").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
            assertThat((System.nanoTime() - start) / 1_000_000).as("bounded by the call's deadline").isLessThan(1_500);
            // ... and so does the server: its wait for the reply ends with the deadline, not 2000 ms later
            await().atMost(Duration.ofMillis(1_200)).until(() -> camel.getInflightRepository()
                    .size("grpc-consumer-query") == 0);

            // a generous deadline: the server's own timeout answers, with the same words as the REST 504
            assertThatThrownBy(() -> consumers.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getConsumer(GetConsumerRequest.newBuilder().setConsumerId("c-grpc").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(e.getStatus().getDescription()).contains("did not answer within 2000 ms");
                    });
        } finally {
            camel.getRouteController().startRoute("consumer-queries");
        }
        // and the service answers again once the consumer service is back
        assertThat(consumers.withDeadlineAfter(5, TimeUnit.SECONDS)
                .getConsumer(GetConsumerRequest.newBuilder().setConsumerId("c-grpc").build()).getName())
                .isEqualTo("Grace Hopper");
    }
}
