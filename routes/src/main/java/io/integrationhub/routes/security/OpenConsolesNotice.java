package io.integrationhub.routes.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Says at start-up, in one line, that the consoles and operator APIs answer without login and where: an operator
 * who started the dev profile on a shared machine should not learn it from someone else.
 */
public class OpenConsolesNotice implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(OpenConsolesNotice.class);

    private final Environment environment;

    public OpenConsolesNotice(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String address = environment.getProperty("server.address");
        String where = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "EVERY network interface, port " + event.getWebServer().getPort()
                : "http://" + address + ":" + event.getWebServer().getPort() + " only";
        log.warn("hub.security.management-open=true: Hawtio, Jolokia, actuator, the admin APIs, the partner write "
                + "API and fault injection answer WITHOUT LOGIN on {} (set HTTP_ADDRESS to change the address)",
                where);
    }
}
