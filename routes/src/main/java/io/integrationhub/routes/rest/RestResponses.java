package io.integrationhub.routes.rest;

import org.apache.camel.Exchange;

/** Sets a REST response on an exchange: status, content type, body; request headers are not echoed back. */
public final class RestResponses {

    private RestResponses() {
    }

    public static void respond(Exchange exchange, int status, String contentType, String body, String... keepHeaders) {
        var message = exchange.getMessage();
        message.removeHeaders("*", keepHeaders);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }
}
