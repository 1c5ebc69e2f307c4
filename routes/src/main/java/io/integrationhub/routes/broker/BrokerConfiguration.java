package io.integrationhub.routes.broker;

import java.util.List;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.core.io.ResourceLoader;


/**
 * One JMS connection factory and Camel JMS component per service, authenticated with the service's broker user.
 *
 * <p>We define the factory ourselves instead of using Boot's Artemis auto-configuration because Boot ignores
 * {@code spring.artemis.user/password} for the in-VM factory, and because the embedded server must use our
 * broker.xml and a real security manager (see ../shared/STACK-NOTES.md).
 */
@AutoConfiguration(before = { ArtemisAutoConfiguration.class, JmsAutoConfiguration.class })
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerConfiguration {

    /** Static: a registry post-processor must not wait for its configuration class to be instantiated. */
    @Bean
    static BrokerServicesRegistrar brokerServicesRegistrar() {
        return new BrokerServicesRegistrar();
    }

    @Bean
    BrokerUsers brokerUsers(BrokerProperties properties,
            @Value("${hub.security.require-secrets:false}") boolean requireSecrets) {
        // a generated password only works when this JVM is also the broker
        return new BrokerUsers(properties, properties.getEmbedded().isEnabled() && !requireSecrets);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty("hub.broker.embedded.enabled")
    EmbeddedActiveMQ embeddedBroker(BrokerProperties properties, BrokerUsers users, ResourceLoader resourceLoader,
            @Value("${hub.security.require-secrets:false}") boolean requireSecrets) throws Exception {
        return new EmbeddedBrokerFactory(properties.getEmbedded(), users, resourceLoader, !requireSecrets).create();
    }

    /**
     * Pooled, because Camel's JMS producers open a session per send; the listener containers keep their own
     * connections. Taking the embedded broker as a parameter makes Spring start it first and stop it last.
     *
     * <p>Each service's connection factory (BrokerServicesRegistrar) logs in over this pool with its own user; this
     * one, unqualified, is what injection by type gets (Boot's JMS health, tests): see
     * {@link BrokerUsers#defaultCredentials()} for whom it logs in as.
     */
    @Bean(destroyMethod = "stop")
    @Primary
    JmsPoolConnectionFactory connectionFactory(BrokerProperties properties, BrokerUsers users,
            List<EmbeddedActiveMQ> embeddedBroker) {
        BrokerUsers.Credentials credentials = users.defaultCredentials();
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(properties.getUrl(), credentials.user(),
                credentials.password());
        // Spring's JmsTemplate resolves the destination by name on every send; without this cache each
        // session.createQueue/createTopic is a blocking queue query to the broker (measured: 2 round trips per
        // message, most of the outbox relay's time)
        artemis.setCacheDestinations(true);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory((ConnectionFactory) artemis);
        // per user: pooled-jms keeps one pool of this size per user/password
        pool.setMaxConnections(properties.getMaxConnections());
        return pool;
    }

    /**
     * Camel's default {@code jms} component, over the unqualified factory above (with a service's factory beside it,
     * Camel can no longer pick one by type). The services' routes never use it: they name their own component.
     */
    @Bean("jms")
    @ConditionalOnMissingBean(name = "jms")
    JmsComponent jms(JmsPoolConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }
}
