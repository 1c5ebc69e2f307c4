package io.integrationhub.benchmarks;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.impl.ServerSessionImpl;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin that counts, for one address, how the messages arrived: in how many broker transactions, and how
 * many were sent by an auto-commit (non-transacted) session, where every persistent send is its own journal sync.
 * It is how the benchmark shows whether a path really batches its JMS commits.
 */
final class BrokerSendAudit implements ActiveMQServerMessagePlugin {

    record Counts(long sends, long autoCommitSends, long transactions, long unknownSessionSends) {
        @Override
        public String toString() {
            return Samples.count(sends) + " sends = " + Samples.count(sends - autoCommitSends - unknownSessionSends)
                    + " in " + Samples.count(transactions) + " broker transaction(s) + " + Samples.count(autoCommitSends)
                    + " auto-committed one by one" + (unknownSessionSends == 0 ? ""
                            : " + " + Samples.count(unknownSessionSends) + " from sessions of unknown kind");
        }
    }

    /** ServerSession has no getter for it; the plugin only reads it. */
    private static final Field AUTO_COMMIT_SENDS = autoCommitSendsField();

    private final String address;
    private final LongAdder sends = new LongAdder();
    private final LongAdder autoCommit = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final Set<Long> transactions = ConcurrentHashMap.newKeySet();

    BrokerSendAudit(String address) {
        this.address = address;
    }

    /** The counts since the last call. */
    Counts takeCounts() {
        Counts counts = new Counts(sends.sumThenReset(), autoCommit.sumThenReset(), transactions.size(),
                unknown.sumThenReset());
        transactions.clear();
        return counts;
    }

    @Override
    public void afterSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue, RoutingStatus result) throws ActiveMQException {
        if (!address.equals(message.getAddress())) {
            return;
        }
        sends.increment();
        Boolean autoCommitSends = autoCommitSends(session);
        if (autoCommitSends == null) {
            unknown.increment();
        } else if (autoCommitSends || tx == null) {
            autoCommit.increment();
        } else {
            transactions.add(tx.getID());
        }
    }

    private static Boolean autoCommitSends(ServerSession session) {
        if (AUTO_COMMIT_SENDS == null || !(session instanceof ServerSessionImpl)) {
            return null;
        }
        try {
            return AUTO_COMMIT_SENDS.getBoolean(session);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field autoCommitSendsField() {
        try {
            Field field = ServerSessionImpl.class.getDeclaredField("autoCommitSends");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
