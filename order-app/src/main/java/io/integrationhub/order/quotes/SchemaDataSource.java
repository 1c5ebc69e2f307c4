package io.integrationhub.order.quotes;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The application's DataSource, seen with {@code search_path} = one schema. Camel's JDBC aggregation repository
 * accepts only a bare table name ({@code [a-zA-Z_][a-zA-Z0-9_]*}, no schema), and its tables live in the orders
 * schema. Being transaction-aware, it hands out the connection of the Spring transaction in progress, so the
 * repository's writes join the consuming route's transaction. Every other statement of the hub names its schema, so
 * the changed search_path misleads nothing; the pool (Hikari) resets the schema when the connection is returned.
 */
class SchemaDataSource extends TransactionAwareDataSourceProxy {

    private final String schema;

    SchemaDataSource(DataSource target, String schema) {
        super(target);
        this.schema = schema;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        connection.setSchema(schema);
        return connection;
    }
}
