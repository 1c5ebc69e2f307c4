package io.integrationhub.routes.templates;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Route configuration {@value #ID} for the handler routes a template calls ({@code direct:...}): no error handler of
 * their own. A handler runs inside the consuming route's transaction, so a failure must reach that route unchanged —
 * its {@code hub-jms} configuration decides between dead letter and redelivery, and nothing is logged twice.
 */
public class HandlerErrors extends RouteConfigurationBuilder {

    public static final String ID = "hub-handler";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
