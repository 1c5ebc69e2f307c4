package io.integrationhub.routes.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.UserCredentialsConnectionFactoryAdapter;

/**
 * Factory methods of the beans {@link BrokerServicesRegistrar} declares per service. The connection factory logs in
 * as the service over the one shared pool: pooled-jms keeps a separate set of pooled connections per user/password
 * (its ConnectionKey), so services share the pool's code and limits but never a connection.
 */
public final class BrokerServiceBeans {

    private BrokerServiceBeans() {
    }

    /** Bean name of a service's connection factory, e.g. {@code order-jmsConnectionFactory}. */
    public static String connectionFactoryName(String component) {
        return component + "ConnectionFactory";
    }

    static UserCredentialsConnectionFactoryAdapter connectionFactory(ConnectionFactory pool, BrokerUsers users,
            String service) {
        BrokerUsers.Credentials credentials = users.service(service).credentials();
        UserCredentialsConnectionFactoryAdapter adapter = new UserCredentialsConnectionFactoryAdapter();
        adapter.setTargetConnectionFactory(pool);
        adapter.setUsername(credentials.user());
        adapter.setPassword(credentials.password());
        return adapter;
    }

    /** camel.component.jms.* (cache level, eager loading) reaches this one too: Boot's customizer applies by type. */
    static JmsComponent jmsComponent(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }
}
