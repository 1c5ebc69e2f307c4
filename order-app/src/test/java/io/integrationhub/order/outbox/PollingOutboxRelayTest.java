package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.Test;

import io.integrationhub.order.BrokerProbe;
import io.integrationhub.order.OrderAppTest;

/** The relay guarantees with the polling publisher (the default relay), plus its one broker transaction per batch. */
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

    @Test
    void shouldSendEachBatchInOneBrokerTransaction() throws Exception {
        String queue = "order.test-batch-" + UUID.randomUUID();
        int rows = 250;
        // an auto-committed send gets a broker transaction of its own; a batch shares one
        Set<Long> transactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger sends = new AtomicInteger();
        ActiveMQServerMessagePlugin audit = new ActiveMQServerMessagePlugin() {
            @Override
            public void afterSend(ServerSession session, Transaction tx,
                    org.apache.activemq.artemis.api.core.Message message, boolean direct, boolean noAutoCreateQueue,
                    RoutingStatus result) {
                if (queue.equals(message.getAddress())) {
                    int n = sends.incrementAndGet();
                    transactions.add(tx == null ? -n : tx.getID());
                }
            }
        };
        broker.getActiveMQServer().registerBrokerPlugin(audit);
        try (BrokerProbe probe = BrokerProbe.queue(connectionFactory, queue, null)) {
            transaction.executeWithoutResult(status -> {
                for (int i = 0; i < rows; i++) {
                    outbox.append(row(queue, "batch-" + (i % 10), i));
                }
            });
            assertThat(probe.receive(rows, 10_000)).hasSize(rows);
        } finally {
            broker.getActiveMQServer().unRegisterBrokerPlugin(audit);
        }
        int batches = (rows + outboxProperties.getBatchSize() - 1) / outboxProperties.getBatchSize();
        assertThat(sends.get()).isEqualTo(rows);
        assertThat(transactions).as("broker transactions for %d rows in batches of %d", rows,
                outboxProperties.getBatchSize()).hasSizeLessThanOrEqualTo(batches + 2);
    }

}
