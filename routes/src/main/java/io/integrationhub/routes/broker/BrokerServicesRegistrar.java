package io.integrationhub.routes.broker;

import java.util.Map;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Declares, for each service of {@code hub.broker.services}, a connection factory that logs in as that service
 * ({@code <component>ConnectionFactory}) and a Camel JMS component over it, named by the service's {@code component}
 * (e.g. {@code order-jms}): routes name the component, so each route consumes and sends as its own service. Bean
 * definitions rather than @Bean methods because how many services there are is configuration (one per application,
 * both in embedded mode).
 */
public class BrokerServicesRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, BrokerProperties.Service> services = Binder.get(environment)
                .bind("hub.broker.services", Bindable.mapOf(String.class, BrokerProperties.Service.class))
                .orElse(Map.of());
        services.forEach((name, service) -> {
            if (service.getComponent() == null || service.getComponent().isBlank()) {
                throw new IllegalStateException("hub.broker.services." + name + ".component is not set");
            }
            String factory = BrokerServiceBeans.connectionFactoryName(service.getComponent());
            registry.registerBeanDefinition(factory, definition("connectionFactory")
                    .addConstructorArgReference("connectionFactory")
                    .addConstructorArgReference("brokerUsers")
                    .addConstructorArgValue(name)
                    .getBeanDefinition());
            registry.registerBeanDefinition(service.getComponent(), definition("jmsComponent")
                    .addConstructorArgReference(factory)
                    .getBeanDefinition());
        });
    }

    private static BeanDefinitionBuilder definition(String factoryMethod) {
        return BeanDefinitionBuilder.genericBeanDefinition(BrokerServiceBeans.class)
                .setFactoryMethod(factoryMethod)
                .setAutowireMode(AbstractBeanDefinition.AUTOWIRE_NO);
    }
}
