package io.integrationhub.order.quotes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The application's DataSource, seen with {@code search_path} = one schema. Camel's JDBC aggregation repository
 * accepts only a bare table name ({@code [a-zA-Z_][a-zA-Z0-9_]*}, no schema), and its tables live in the orders
 * schema. Being transaction-aware, it hands out the connection of the Spring transaction in progress, so the
 * repository's writes join the consuming route's transaction. Every other statement of the hub names its schema, so
 * the changed search_path misleads nothing; the pool (Hikari) resets the schema when the connection is returned.
 * The schema is set once per borrowed connection — the repository asks for the connection once per statement within a
 * transaction, and each {@code setSchema} is a round trip to PostgreSQL.
 */
class SchemaDataSource extends TransactionAwareDataSourceProxy {

    private final String schema;
    /** The pool's connection handles already switched; a handle is new on every borrow, so weak keys suffice. */
    private final Map<Connection, Boolean> switched = Collections.synchronizedMap(new WeakHashMap<>());

    SchemaDataSource(DataSource target, String schema) {
        super(target);
        this.schema = schema;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        Connection pooled = ((ConnectionProxy) connection).getTargetConnection();
        if (switched.putIfAbsent(pooled, Boolean.TRUE) == null) {
            pooled.setSchema(schema);
        }
        return connection;
    }
}
