package io.integrationhub.routes.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The dev profile opens the consoles without login, so it must listen on loopback only unless the operator says
 * otherwise with HTTP_ADDRESS (read from the shipped config/application-dev.yml, as the applications read it).
 */
class DevProfileAddressTest {

    @Test
    void shouldListenOnLoopbackOnlyInTheDevProfile() throws Exception {
        assertThat(devEnvironment(Map.of()).getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldListenWhereHttpAddressSaysWhenItIsSet() throws Exception {
        assertThat(devEnvironment(Map.of("HTTP_ADDRESS", "0.0.0.0")).getProperty("server.address"))
                .isEqualTo("0.0.0.0");
    }

    @Test
    void shouldOpenTheConsolesOnlyInTheDevProfile() throws Exception {
        assertThat(devEnvironment(Map.of()).getProperty("hub.security.management-open")).isEqualTo("true");
        StandardEnvironment base = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application", new ClassPathResource("config/application.yml"))
                .forEach(base.getPropertySources()::addLast);
        assertThat(base.getProperty("hub.security.management-open")).isEqualTo("false");
        assertThat(base.getProperty("server.address")).isNull();
    }

    private static StandardEnvironment devEnvironment(Map<String, Object> variables) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new YamlPropertySourceLoader().load("dev", new ClassPathResource("config/application-dev.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment;
    }
}
