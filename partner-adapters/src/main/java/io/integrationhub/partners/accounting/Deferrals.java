package io.integrationhub.partners.accounting;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each deferral of an accounting command (accounting.deferrals) for the message journey. In a transaction
 * of its own: the deferred attempt's transaction is rolled back, and the record must outlive it.
 */
@Component
class Deferrals {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    Deferrals(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void record(Exchange exchange) {
        DeferCommand defer = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DeferCommand.class);
        var message = exchange.getMessage();
        ownTransaction.executeWithoutResult(status -> jdbc.update("insert into accounting.deferrals (order_id, "
                + "message_id, message_type, reason) values (?, ?, ?, ?)", message.getHeader("aggregateId", String.class),
                message.getHeader("messageId", String.class), message.getHeader("messageType", String.class),
                defer == null || defer.getMessage() == null ? "deferred" : defer.getMessage()));
    }
}
