package io.integrationhub.order.outbox;

import java.util.List;

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
}
