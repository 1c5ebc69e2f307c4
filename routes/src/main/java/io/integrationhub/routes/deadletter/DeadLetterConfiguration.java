package io.integrationhub.routes.deadletter;

import jakarta.jms.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.broker.BrokerConfiguration;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.rest.AdminApi;
import io.integrationhub.routes.rest.HubRestConfiguration;

@AutoConfiguration(after = { BrokerConfiguration.class, HubRestConfiguration.class })
public class DeadLetterConfiguration {

    @Bean
    DeadLetters deadLetters(ConnectionFactory connectionFactory, Channels channels) {
        return new DeadLetters(connectionFactory, channels);
    }

    @Bean
    DeadLetterAdminRoute deadLetterAdminRoute(DeadLetters deadLetters, ObjectMapper json,
            ObjectProvider<AdminApi> apis) {
        return new DeadLetterAdminRoute(deadLetters, json, apis.orderedStream().toList());
    }
}
