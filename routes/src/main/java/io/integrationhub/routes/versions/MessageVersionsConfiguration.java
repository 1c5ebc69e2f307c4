package io.integrationhub.routes.versions;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * Message versions in every service: the upcaster chains it declares ({@link UpcasterChain} beans), the versions its
 * producers write, and the deploy gate ({@code hub.deploy-gate.enabled}, on by default).
 */
@AutoConfiguration
@EnableConfigurationProperties(ProducedVersions.class)
public class MessageVersionsConfiguration {

    @Bean
    MessageVersions messageVersions(ObjectProvider<UpcasterChain> chains) {
        return new MessageVersions(chains.orderedStream().toList());
    }

    @Bean
    ConsumedChannels consumedChannels() {
        return new ConsumedChannels();
    }

    @Bean
    @ConditionalOnProperty(name = "hub.deploy-gate.enabled", matchIfMissing = true)
    OutboxVersionGate outboxVersionGate(ObjectProvider<OutboxWriter> outboxes, JdbcTemplate jdbc,
            ProducedVersions produced, Environment environment) {
        Map<String, String> channels = Binder.get(environment)
                .bind("hub.channels", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return new OutboxVersionGate(outboxes.orderedStream().toList(), jdbc, produced, channels);
    }

    @Bean
    @ConditionalOnProperty(name = "hub.deploy-gate.enabled", matchIfMissing = true)
    CamelContextConfiguration queueVersionGate(ConsumedChannels consumed,
            @Value("${hub.deploy-gate.browse-limit:10000}") int browseLimit) {
        QueueVersionGate gate = new QueueVersionGate(consumed, browseLimit);
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                try {
                    camel.addStartupListener(gate);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot install the deploy gate", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
