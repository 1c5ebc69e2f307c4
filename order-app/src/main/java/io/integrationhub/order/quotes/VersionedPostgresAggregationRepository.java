package io.integrationhub.order.quotes;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Camel's {@code PostgresAggregationRepository} with its insert fixed. In camel-sql 4.17.0 its insert (the one
 * override of the JDBC repository: {@code ON CONFLICT DO NOTHING}, so a concurrent first insert of a group becomes an
 * optimistic-locking failure instead of an aborted transaction) names the columns {@code (exchange, id)} while the
 * inherited statement setter binds exchange, id and version: every new group failed with "The column index is out of
 * range: 3, number of columns: 2". This names the version column too; everything else is Camel's.
 */
class VersionedPostgresAggregationRepository extends PostgresAggregationRepository {

    VersionedPostgresAggregationRepository(PlatformTransactionManager transactions, String table,
            DataSource dataSource) {
        super(transactions, table, dataSource);
    }

    @Override
    protected void insert(CamelContext camelContext, String correlationId, Exchange exchange, String repositoryName,
            Long version) throws Exception {
        if (isStoreBodyAsText() || hasHeadersToStoreAsText()) {
            throw new UnsupportedOperationException("body and headers are not stored as text in " + repositoryName);
        }
        // repositoryName is this repository's table or its _completed table, checked by Camel ([a-zA-Z_][a-zA-Z0-9_]*)
        String sql = "INSERT INTO " + repositoryName + " (exchange, id, version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        int inserted = insertHelper(camelContext, correlationId, exchange, sql, 1L);
        if (inserted == 0 && getRepositoryName().equals(repositoryName)) {
            throw new DataIntegrityViolationException("No row was inserted due to data violation");
        }
    }
}
