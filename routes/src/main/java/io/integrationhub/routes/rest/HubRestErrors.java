package io.integrationhub.routes.rest;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Route configuration {@code hub-rest}: every REST route of every service answers client mistakes with an RFC 9457
 * {@code application/problem+json} body and a 4xx status, and anything else with a 500 problem that carries no
 * internals (the cause is logged with the same id the client sees). Never a stack trace to a client.
 */
public class HubRestErrors extends RouteConfigurationBuilder {

    public static final String ID = "hub-rest";
    public static final String PROBLEM_JSON = ProblemWriter.PROBLEM_JSON;
    /** Exchange property a route sets when it must drop the HTTP headers (e.g. before a JMS call). */
    public static final String REQUEST_URI = "hubRequestUri";
    private static final Logger log = LoggerFactory.getLogger(HubRestErrors.class);

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(ProblemException.class).id("on-problem").handled(true)
                    .process(e -> {
                        ProblemException p = e.getProperty(Exchange.EXCEPTION_CAUGHT, ProblemException.class);
                        render(e, p.status(), p.title(), p.getMessage(), p.extensions());
                    }).id("render-problem")
                .end()
                .onException(ExchangeTimedOutException.class).id("on-timeout").handled(true)
                    .process(e -> render(e, 504, "Gateway timeout", "A service this request needs did not answer "
                            + "within " + e.getProperty(Exchange.EXCEPTION_CAUGHT, ExchangeTimedOutException.class)
                                    .getTimeout() + " ms; nothing was changed. Try again later."))
                                            .id("render-gateway-timeout")
                .end()
                .onException(JsonProcessingException.class).id("on-invalid-json").handled(true)
                    .process(e -> render(e, 400, "Invalid request",
                            JsonProblems.describe(e.getProperty(Exchange.EXCEPTION_CAUGHT, JsonProcessingException.class))))
                        .id("render-invalid-request")
                .end()
                .onException(Exception.class).id("on-internal-error").handled(true)
                    .process(e -> {
                        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        log.error("Request {} {} failed (exchange {})", e.getMessage().getHeader(Exchange.HTTP_METHOD),
                                e.getMessage().getHeader(Exchange.HTTP_URI), e.getExchangeId(), cause);
                        render(e, 500, "Internal error", "The request failed on our side; reference "
                                + e.getExchangeId() + ". Nothing you sent was accepted unless a later GET shows it.");
                    }).id("render-internal-error")
                .end();
    }

    private static void render(Exchange exchange, int status, String title, String detail) {
        render(exchange, status, title, detail, java.util.Map.of());
    }

    private static void render(Exchange exchange, int status, String title, String detail,
            java.util.Map<String, Object> extensions) {
        Object path = exchange.getMessage().getHeader(Exchange.HTTP_PATH);
        Object uri = exchange.getMessage().getHeader(Exchange.HTTP_URI);
        Object instance = uri != null ? uri : path != null ? path : exchange.getProperty(REQUEST_URI);
        var message = exchange.getMessage();
        message.removeHeaders("*", Exchange.HTTP_URI);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        message.setBody(ProblemWriter.json(status, title, detail, instance == null ? null : instance.toString(),
                extensions));
    }
}
