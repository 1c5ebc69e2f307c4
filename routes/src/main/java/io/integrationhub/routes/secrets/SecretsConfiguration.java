package io.integrationhub.routes.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Registers the early secrets check of every service. */
@AutoConfiguration
public class SecretsConfiguration {

    /** Static: a bean factory post-processor must not wait for its configuration class to be instantiated. */
    @Bean
    static RequiredSecretsCheck requiredSecretsCheck() {
        return new RequiredSecretsCheck();
    }
}
