package io.integrationhub.routes.deadletter;

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
    DeadLetterAdminRoute deadLetterAdminRoute(Channels channels, ObjectMapper json, ObjectProvider<AdminApi> apis,
            ObjectProvider<org.springframework.jdbc.core.JdbcTemplate> jdbc) {
        return new DeadLetterAdminRoute(channels, json, apis.orderedStream().toList(), jdbc.getIfAvailable());
    }
}
