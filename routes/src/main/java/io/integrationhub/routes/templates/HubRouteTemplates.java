package io.integrationhub.routes.templates;

import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.IdempotentRepository;

import io.integrationhub.routes.delivery.ArrivalCheck;
import io.integrationhub.routes.delivery.ConsumingRoutes;
import io.integrationhub.routes.delivery.DeliveryAudit;
import io.integrationhub.routes.delivery.Parking;
import io.integrationhub.routes.idempotency.IdempotencyConfiguration;
import io.integrationhub.routes.idempotency.ProcessedMessages;
import io.integrationhub.routes.messaging.HubJmsErrors;
import io.integrationhub.routes.tracing.HubTracing;
import io.integrationhub.routes.versions.ConsumedChannels;
import io.integrationhub.routes.versions.MessageVersions;

/**
 * The route templates every consuming route is made from, so each gets the same envelope checks, de-duplication,
 * metrics and dead-lettering (route configuration {@code hub-jms}).
 *
 * <p>{@value #COMMAND_HANDLER} consumes a queue, {@value #EVENT_SUBSCRIBER} a topic through a shared durable
 * subscription (the instances of a service compete for its events; the subscription keeps them while the service is
 * down). Both, for each message:
 * <ol>
 * <li>set the exchange property {@value #HUB_JMS_COMPONENT} to the {@code jmsComponent} parameter: {@code hub-jms}
 * dead-letters through that component;</li>
 * <li>open the message's CONSUMER span, child of its {@code traceparent} ({@link ConsumerSpan});</li>
 * <li>begin the database transaction {@code hubJdbcTransaction} inside the transacted JMS session, so the session
 * commits (the message is acknowledged) only after the database did;</li>
 * <li>check the envelope ({@link EnvelopeCheck}): messageId, an accepted messageType, an accepted major version —
 * otherwise {@code PoisonMessageException}, dead-lettered at once with a reason that names the versions accepted;</li>
 * <li>upcast a message of an older accepted major to the major the handler reads ({@link MessageVersions}: the
 * service's upcaster chain of that messageType, if it declares one);</li>
 * <li>check its arrival ({@link ArrivalCheck}, one SQL statement): the delivery auditor's aggregateSequence check,
 * and per-aggregate parking — a message whose aggregate waits behind a failed message on this route is parked in
 * order and acknowledged without effect; the failed one, once processed, releases them;</li>
 * <li>Camel's Idempotent Consumer EIP keyed by messageId in {@code <schema>.camel_messageprocessed} (processor name =
 * route id), recorded in the same transaction as the handler's effects: a duplicate is acknowledged, skipped and
 * counted ({@code hub.messages.duplicates{route}});</li>
 * <li>call {@code handler}, an endpoint URI run in the same thread and transaction: {@code direct:...} (a route, Java
 * or YAML, with {@code routeConfigurationId: hub-handler}) or {@code bean:...}. A command handler's reply goes through
 * its service's outbox, so it commits with the effect.</li>
 * </ol>
 *
 * <p>Parameters: {@code channel}, {@code schema}, {@code messageTypes} (comma-separated),
 * {@code handler}; optional {@code majorVersion} (1), {@code concurrentConsumers} (1), {@code jmsComponent} (jms);
 * the event subscriber also needs {@code subscriptionName} and may take a {@code messageSelector} (a subscriber of a
 * topic with many event types selects those it handles: the broker never puts the others in its subscription, so
 * they are neither consumed nor dead-lettered as unknown types). Values may be property placeholders. The templated
 * route's id is also the processor name of its keys in {@code camel_messageprocessed}.
 */
public class HubRouteTemplates extends RouteBuilder {

    public static final String COMMAND_HANDLER = "hub-command-handler";
    public static final String EVENT_SUBSCRIBER = "hub-event-subscriber";
    static final String COMMAND_HANDLER_DESCRIPTION = "Command handler of a queue (template " + COMMAND_HANDLER
            + "): each message checked, handled once in one database transaction, poison dead-lettered";
    static final String EVENT_SUBSCRIBER_DESCRIPTION = "Event subscriber of a topic (template " + EVENT_SUBSCRIBER
            + "): each event checked, applied once in one database transaction, poison dead-lettered";
    /** The JMS component the consuming route uses; {@code hub-jms} dead-letters through it. */
    public static final String HUB_JMS_COMPONENT = "hubJmsComponent";

    /**
     * Node ids of every templated route (ids need only be unique within a route): tests and Hawtio address a node as
     * route id + node id, e.g. {@code adviceWith(camel, "consumer-commands", a -> a.weaveById("to-handler")...)}.
     */
    public static final String NODE_JMS_COMPONENT = "set-jms-component";
    public static final String NODE_KEEP_RECEIVED_BODY = "keep-received-body";
    public static final String NODE_CONSUMER_SPAN = "consumer-span";
    public static final String NODE_ENVELOPE_CHECK = "check-envelope";
    public static final String NODE_UPCAST = "upcast";
    public static final String NODE_IDEMPOTENT_CONSUMER = "process-once";
    public static final String NODE_SKIP_DUPLICATE = "skip-duplicate";
    public static final String NODE_HANDLER = "to-handler";
    public static final String NODE_TRANSACTION = "in-database-transaction";
    public static final String NODE_NEW_OR_DUPLICATE = "new-or-duplicate";
    public static final String NODE_WATCH_FAILURES = "watch-failures";
    public static final String NODE_ARRIVAL_CHECK = "check-arrival";

    /**
     * What the JMS listener container's error handler logs: a failure the route rethrows so the broker redelivers it.
     * hub-jms has logged that delivery in one line already; by default the listener would add "Execution of JMS
     * message listener failed. Caused by: …" (several lines for a database error). Problems of the container itself
     * (connection lost, commit failed) are still logged by Spring's container ("Setup of JMS message listener
     * invoker failed …").
     */
    static final String LISTENER_ERRORS = "&errorHandlerLoggingLevel=DEBUG&errorHandlerLogStackTrace=false";

    private final ProcessedMessages processed;
    private final MessageVersions versions;
    private final ConsumedChannels consumed;
    private final ConsumerSpan consumerSpan;
    private final Parking parking;
    private final DeliveryAudit audit;
    private final ConsumingRoutes routes;

    public HubRouteTemplates(ProcessedMessages processed, MessageVersions versions, ConsumedChannels consumed,
            HubTracing tracing, Parking parking, DeliveryAudit audit, ConsumingRoutes routes) {
        this.parking = parking;
        this.audit = audit;
        this.routes = routes;
        this.processed = processed;
        this.versions = versions;
        this.consumed = consumed;
        this.consumerSpan = new ConsumerSpan(tracing);
    }

    @Override
    public void configure() {
        prelude(consuming(routeTemplate(COMMAND_HANDLER)
                .description("Idempotent command handler of a queue: envelope checks, one database transaction, "
                        + "duplicates skipped and counted, poison dead-lettered"))
                .from("{{jmsComponent}}:queue:{{channel}}?transacted=true&disableReplyTo=true"
                        + "&concurrentConsumers={{concurrentConsumers}}" + LISTENER_ERRORS)
                // a description cannot take parameters (Camel keeps it as written): the route id and endpoint do
                .description(COMMAND_HANDLER_DESCRIPTION));

        prelude(consuming(routeTemplate(EVENT_SUBSCRIBER)
                .description("Event subscriber of a topic (shared durable subscription): envelope checks, one "
                        + "database transaction, duplicates skipped and counted, poison dead-lettered")
                .templateParameter("subscriptionName", null, "the shared durable subscription, e.g. order-app.restaurant-replica")
                .templateOptionalParameter("messageSelector", "a JMS selector of the events this subscriber takes, "
                        + "e.g. messageType='OrderCreated'; without it the subscription takes every event of the topic"))
                .from("{{jmsComponent}}:topic:{{channel}}?subscriptionDurable=true&subscriptionShared=true"
                        + "&subscriptionName={{subscriptionName}}&selector={{?messageSelector}}"
                        + "&transacted=true&disableReplyTo=true"
                        + "&concurrentConsumers={{concurrentConsumers}}" + LISTENER_ERRORS)
                .description(EVENT_SUBSCRIBER_DESCRIPTION));
    }

    /** The parameters and local beans both templates share. */
    private RouteTemplateDefinition consuming(RouteTemplateDefinition template) {
        return template
                .templateParameter("channel", null, "the channel consumed, e.g. {{hub.channels.consumer-commands}}")
                .templateParameter("schema", null, "the service schema holding camel_messageprocessed")
                .templateParameter("messageTypes", null, "the messageTypes accepted, comma-separated")
                .templateParameter("handler", null, "endpoint URI of the handler, e.g. direct:validate-consumer-info")
                .templateParameter("majorVersion", "1", "the major messageVersion the handler reads (messageTypes "
                        + "with an upcaster chain: every major the chain accepts)")
                .templateParameter("concurrentConsumers", "1", "concurrent JMS consumers")
                .templateParameter("jmsComponent", "jms", "the Camel JMS component to consume and dead-letter with")
                .templateBean("processedMessages", IdempotentRepository.class, rtc -> processed.routeRepository(
                        parameter(rtc, "schema")))
                .templateBean("envelopeCheck", Processor.class, this::envelopeCheck)
                .templateBean("arrivalCheck", Processor.class, this::arrivalCheck);
    }

    /** The route's parking and delivery audit; its schema is one the admin API of its application looks into. */
    private ArrivalCheck arrivalCheck(RouteTemplateContext rtc) {
        String channel = parameter(rtc, "channel");
        String schema = parameter(rtc, "schema");
        String jmsComponent = parameter(rtc, "jmsComponent");
        routes.register(new ConsumingRoutes.Registration(channel, schema, jmsComponent));
        return new ArrivalCheck(channel, schema, parameter(rtc, "handler"), jmsComponent, parking, audit);
    }

    /** The route's envelope check; what it accepts is recorded for the deploy gate as the route is built. */
    private EnvelopeCheck envelopeCheck(RouteTemplateContext rtc) {
        EnvelopeCheck check = new EnvelopeCheck(parameter(rtc, "channel"), parameter(rtc, "messageTypes"),
                Integer.parseInt(parameter(rtc, "majorVersion")), versions);
        String subscription = rtc.getProperty("subscriptionName", String.class);
        consumed.register(new ConsumedChannels.ConsumedChannel(parameter(rtc, "channel"),
                subscription == null ? null : parameter(rtc, "subscriptionName"), parameter(rtc, "jmsComponent"),
                check.acceptedMajors()));
        return check;
    }

    private void prelude(RouteDefinition route) {
        route.routeConfigurationId(HubJmsErrors.ID)
                .setProperty(HUB_JMS_COMPONENT, constant("{{jmsComponent}}")).id(NODE_JMS_COMPONENT)
                .setProperty(HubJmsErrors.RECEIVED_BODY, body()).id(NODE_KEEP_RECEIVED_BODY)
                .process("{{arrivalCheck}}").id(NODE_WATCH_FAILURES)
                .process(consumerSpan).id(NODE_CONSUMER_SPAN)
                .transacted(IdempotencyConfiguration.JDBC_TRANSACTION).id(NODE_TRANSACTION)
                .process("{{envelopeCheck}}").id(NODE_ENVELOPE_CHECK)
                .process(versions::upcast).id(NODE_UPCAST)
                .process("{{arrivalCheck}}").id(NODE_ARRIVAL_CHECK)
                .idempotentConsumer(header("messageId")).idempotentRepository("{{processedMessages}}")
                    .skipDuplicate(false).id(NODE_IDEMPOTENT_CONSUMER)
                    .choice().id(NODE_NEW_OR_DUPLICATE)
                        .when(ProcessedMessages.isDuplicate())
                            .process(processed.countDuplicate()).id(NODE_SKIP_DUPLICATE)
                        .otherwise()
                            .to("{{handler}}").id(NODE_HANDLER)
                    .end()
                .end();
    }

    /** A parameter's value as the route sees it: a value given as a property placeholder is resolved. */
    private static String parameter(RouteTemplateContext rtc, String name) {
        return rtc.getCamelContext().resolvePropertyPlaceholders(rtc.getProperty(name, String.class));
    }
}
