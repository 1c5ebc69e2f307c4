package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;

/** The relay guarantees with the polling publisher (the default relay). */
@OrderAppTest
class PollingOutboxRelayTest extends OutboxRelayGuarantees {

    @Override
    protected List<String> secondInstanceArguments() {
        return List.of();
    }

    /** The broker has the rows, their marks are not written: the state a crash between send and mark leaves. */
    @Override
    protected void crashBetweenSendAndProgress(Runnable sendRows) {
        sendRows.run();
        relays.stop();
        jdbc.update("update orders.outbox set published_at = null where published_at > now() - interval '1 minute' "
                + "and message_type = 'TestMessage' and aggregate_id = 'crash'");
        relays.start();
    }

    /** Claimed batches of {@code hub.outbox.batch-size}, one broker transaction each (two to spare for timing). */
    @Override
    protected int mostBrokerTransactions(int rows) {
        return (rows + outboxProperties.getBatchSize() - 1) / outboxProperties.getBatchSize() + 2;
    }

    /**
     * The relay marks rows some time after their broker commit (hub.outbox.mark-delay) and leaves them out of its
     * claims until then; one that stops marks them before it lets go of the lock, so the next sends nothing again.
     */
    @Test
    void shouldMarkWhatItSentBeforeItStopsSoTheNextRelaySendsNothingAgain() throws Exception {
        String queue = "order.test-mark-on-stop-" + UUID.randomUUID();
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            for (int i = 0; i < 5; i++) {
                int seq = i;
                transaction.executeWithoutResult(status -> outbox.append(row(queue, "stop", seq)));
            }
            assertThat(probe.receive(5, 10_000)).hasSize(5);
            relays.stop();
            try {
                assertThat(unpublished(queue)).as("marked before the relay let go of the lock").isZero();
            } finally {
                relays.start();
            }
            assertThat(probe.receive(1, 1_000)).as("nothing sent again").isEmpty();
        }
    }
}
