package io.integrationhub.routes.broker;

import java.util.List;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.core.io.ResourceLoader;

import io.integrationhub.routes.secrets.Secrets;

/**
 * One JMS connection factory per service, authenticated with the service's broker user.
 *
 * <p>We define the factory ourselves instead of using Boot's Artemis auto-configuration because Boot ignores
 * {@code spring.artemis.user/password} for the in-VM factory, and because the embedded server must use our
 * broker.xml and a real security manager (see ../shared/STACK-NOTES.md).
 */
@AutoConfiguration(before = { ArtemisAutoConfiguration.class, JmsAutoConfiguration.class })
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerConfiguration {

    @Bean
    BrokerCredentials brokerCredentials(BrokerProperties properties,
            @Value("${hub.security.require-secrets:false}") boolean requireSecrets) {
        // a generated password only works when this JVM is also the broker
        boolean mayGenerate = properties.getEmbedded().isEnabled() && !requireSecrets;
        String password = Secrets.require(properties.getPassword(), "HUB_BROKER_PASSWORD",
                "Broker password of user '" + properties.getUser() + "'", mayGenerate);
        return new BrokerCredentials(properties.getUser(), password);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty("hub.broker.embedded.enabled")
    EmbeddedActiveMQ embeddedBroker(BrokerProperties properties, BrokerCredentials credentials,
            ResourceLoader resourceLoader) throws Exception {
        return new EmbeddedBrokerFactory(properties.getEmbedded(), credentials, resourceLoader).create();
    }

    /**
     * Pooled, because Camel's JMS producers open a session per send; the listener containers keep their own
     * connections. Taking the embedded broker as a parameter makes Spring start it first and stop it last.
     */
    @Bean(destroyMethod = "stop")
    JmsPoolConnectionFactory connectionFactory(BrokerProperties properties, BrokerCredentials credentials,
            List<EmbeddedActiveMQ> embeddedBroker) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(properties.getUrl(), credentials.user(),
                credentials.password());
        // Spring's JmsTemplate resolves the destination by name on every send; without this cache each
        // session.createQueue/createTopic is a blocking queue query to the broker (measured: 2 round trips per
        // message, most of the outbox relay's time)
        artemis.setCacheDestinations(true);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory((ConnectionFactory) artemis);
        pool.setMaxConnections(properties.getMaxConnections());
        return pool;
    }

    public record BrokerCredentials(String user, String password) {
        @Override
        public String toString() {
            return "BrokerCredentials[user=" + user + "]";
        }
    }
}
