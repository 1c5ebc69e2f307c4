package io.integrationhub.routes.rest;

/**
 * Where an application serves its operator APIs (dead letters, outbox), e.g. {@code /api/v1/admin} for order-app and
 * {@code /partners/api/v1/admin} for partner-adapters. Each application declares one bean; both are served when the
 * applications share one JVM. Access is operator-only (HubSecurityConfiguration).
 *
 * @param name            short name used in route ids, e.g. {@code order-app}
 * @param basePath        path prefix without trailing slash
 * @param jmsComponent    the application's Camel JMS component: dead letters are listed and replayed as its broker
 *                        user, which may browse and consume only the dead letters of the channels it consumes
 * @param replayLogSchema the service schema whose dead_letter_replays table records the dead letters replayed
 *                        through this API (for the message journey), or null for none
 */
public record AdminApi(String name, String basePath, String jmsComponent, String replayLogSchema) {

    public AdminApi(String name, String basePath, String jmsComponent) {
        this(name, basePath, jmsComponent, null);
    }
}
