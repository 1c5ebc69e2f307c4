package io.integrationhub.routes.idempotency;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Builds the idempotent repositories of the routes. Each uses the application's transaction manager, so recording
 * the messageId joins the route's database transaction ({@code transacted(hubJdbcTransaction)}): the key and the side
 * effect commit or roll back together, and the JMS message is acknowledged only after that commit.
 */
public class ProcessedMessages {

    private final DataSource dataSource;
    private final PlatformTransactionManager transactions;
    private final MeterRegistry meters;

    public ProcessedMessages(DataSource dataSource, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.meters = meters == null ? Metrics.globalRegistry : meters;
    }

    /** The repository of one route (processor name) in a service schema. */
    public IdempotentRepository repository(String schema, String processorName) {
        requirePlainName(schema);
        return new InsertOnceMessageIdRepository(dataSource, new TransactionTemplate(transactions), processorName,
                schema + ".camel_messageprocessed");
    }

    /**
     * The repository of the route an exchange comes from, in a service schema: for route templates, whose beans are
     * made before the route has its id.
     */
    public IdempotentRepository routeRepository(String schema) {
        requirePlainName(schema); // now, not on the first message
        return new RouteProcessedMessages(route -> repository(schema, route));
    }

    /** The schema name becomes part of SQL text: only a plain identifier may. */
    private static void requirePlainName(String schema) {
        if (schema == null || !schema.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
    }

    /** True on an exchange the idempotent consumer (skipDuplicate=false) marked as a duplicate. */
    public static Predicate isDuplicate() {
        return exchange -> exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
    }

    /** Counts a skipped duplicate: {@code hub.messages.duplicates{route}}. */
    public Processor countDuplicate() {
        return exchange -> meters.counter("hub.messages.duplicates", "route", exchange.getFromRouteId()).increment();
    }
}
