package io.integrationhub.routes.secrets;

import java.util.List;

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
 */
public class RequiredSecretsCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String REQUIRE = "hub.security.require-secrets";
    static final String REQUIRED = "hub.security.required-secrets";

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
        List<RequiredSecret> missing = Binder.get(environment)
                .bind(REQUIRED, Bindable.listOf(RequiredSecret.class)).orElse(List.of()).stream()
                .filter(secret -> isBlank(environment.getProperty(secret.property())))
                .toList();
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
