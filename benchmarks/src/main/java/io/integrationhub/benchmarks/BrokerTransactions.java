package io.integrationhub.benchmarks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin that counts the broker transactions on every address: the distinct transactions that sent or
 * acknowledged a message (a consumer that acknowledges its input and sends its output in one JMS transaction is one),
 * plus each send outside a transaction (its own journal write). It is how the end-to-end benchmark says what one order
 * costs the broker. Messages of the broker's own management and notification addresses are not counted.
 */
final class BrokerTransactions implements ActiveMQServerMessagePlugin {

    record Counts(long transactions, long sendsOutsideTransactions, long messagesSent) {
        long total() {
            return transactions + sendsOutsideTransactions;
        }

        @Override
        public String toString() {
            return Samples.count(messagesSent) + " messages sent; " + Samples.count(transactions) + " transactions + "
                    + Samples.count(sendsOutsideTransactions) + " sends outside one";
        }
    }

    private final Set<Long> transactions = ConcurrentHashMap.newKeySet();
    private final LongAdder outside = new LongAdder();
    private final LongAdder sent = new LongAdder();

    /** The counts since the last call. */
    Counts take() {
        Counts counts = new Counts(transactions.size(), outside.sumThenReset(), sent.sumThenReset());
        transactions.clear();
        return counts;
    }

    @Override
    public void afterSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue, RoutingStatus result) throws ActiveMQException {
        if (internal(message.getAddress())) {
            return;
        }
        sent.increment();
        if (tx == null) {
            outside.increment();
        } else {
            transactions.add(tx.getID());
        }
    }

    @Override
    public void messageAcknowledged(Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer)
            throws ActiveMQException {
        if (tx != null && !internal(ref.getMessage().getAddress())) {
            transactions.add(tx.getID());
        }
    }

    private static boolean internal(String address) {
        return address == null || address.startsWith("activemq.") || address.startsWith("$sys.");
    }
}
