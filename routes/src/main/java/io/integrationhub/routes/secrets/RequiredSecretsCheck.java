package io.integrationhub.routes.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * With {@code hub.security.require-secrets} (the production profile), checks every secret of
 * {@code hub.security.required-secrets} before any bean is created. A bean factory post-processor runs before the
 * singletons are instantiated: before the embedded broker starts, the schemas migrate or a route starts — so a start
 * that cannot succeed leaves nothing half-done and reports all missing variables at once, not the first one it hits.
 * The broker password of every service of {@code hub.broker.services} is required too: which services a process runs
 * is known only from their configuration (one in the distributed and compose modes, both in embedded mode).
 */
public class RequiredSecretsCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String REQUIRE = "hub.security.require-secrets";
    static final String REQUIRED = "hub.security.required-secrets";
    static final String BROKER_SERVICES = "hub.broker.services";

    /** The part of a hub.broker.services entry this check reads. */
    record BrokerService(String user, String password, String passwordVariable) {
    }

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!environment.getProperty(REQUIRE, Boolean.class, false)) {
            return;
        }
        Binder binder = Binder.get(environment);
        List<RequiredSecret> missing = new ArrayList<>(binder
                .bind(REQUIRED, Bindable.listOf(RequiredSecret.class)).orElse(List.of()).stream()
                .filter(secret -> isBlank(environment.getProperty(secret.property())))
                .toList());
        binder.bind(BROKER_SERVICES, Bindable.mapOf(String.class, BrokerService.class)).orElse(Map.of())
                .forEach((name, service) -> {
                    if (isBlank(service.password())) {
                        missing.add(new RequiredSecret(service.passwordVariable(),
                                BROKER_SERVICES + "." + name + ".password",
                                "the broker password of " + name + " (broker user " + service.user() + ")"));
                    }
                });
        if (!missing.isEmpty()) {
            throw new MissingSecretsException(missing);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
