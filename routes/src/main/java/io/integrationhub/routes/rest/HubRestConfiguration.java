package io.integrationhub.routes.rest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.messaging.Channels;

@AutoConfiguration(after = org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration.class)
@EnableConfigurationProperties(Channels.class)
public class HubRestConfiguration {

    @Bean
    HubRestErrors hubRestErrors(ObjectMapper json) {
        return new HubRestErrors(json);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(
            @Value("${hub.rest.max-body-bytes:65536}") long maxBytes) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(maxBytes));
        registration.setOrder(Integer.MIN_VALUE + 100);
        return registration;
    }
}
