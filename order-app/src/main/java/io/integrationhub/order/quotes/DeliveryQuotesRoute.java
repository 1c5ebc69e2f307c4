package io.integrationhub.order.quotes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.routes.templates.HandlerErrors;
import io.integrationhub.routes.templates.HubRouteTemplates;

/**
 * order.delivery-quotes: the couriers' answers to the quote requests (publish / async responses), through the
 * template {@code hub-command-handler} (envelope checks, a redelivered messageId skipped and counted, one database
 * transaction, poison dead-lettered), then Camel's Aggregate EIP: one group per request, correlated by
 * JMSCorrelationID, completed when every configured courier answered or {@code timeout} after the first answer,
 * whichever comes first, and recorded on the order. Its state is in PostgreSQL ({@link DeliveryQuoteAggregation}): a
 * group survives a restart (its timeout is restored at start) and a completed group that was not recorded is
 * recovered. Both routes start only on the instance that holds the aggregator lock ({@link DeliveryQuoteLeadership}).
 */
@Component
public class DeliveryQuotesRoute extends RouteBuilder {

    public static final String CONSUMER_ROUTE = "order-delivery-quotes";
    public static final String AGGREGATOR_ROUTE = "aggregate-delivery-quotes";

    private final DeliveryQuoteReplies replies;
    private final DeliveryQuoteDecisions decisions;
    private final AggregationRepository repository;
    private final DeliveryQuoteSettings settings;
    private final DeliveryQuoteGroups groups;

    DeliveryQuotesRoute(DeliveryQuoteReplies replies, DeliveryQuoteDecisions decisions,
            AggregationRepository deliveryQuoteRepository, DeliveryQuoteSettings settings, ObjectMapper json,
            DeliveryQuoteMetrics metrics) {
        this.replies = replies;
        this.decisions = decisions;
        this.repository = deliveryQuoteRepository;
        this.settings = settings;
        this.groups = new DeliveryQuoteGroups(settings.getCouriers().size(), json, metrics);
    }

    @Override
    public void configure() {
        templatedRoute(HubRouteTemplates.COMMAND_HANDLER).routeId(CONSUMER_ROUTE)
                .parameter("channel", "{{hub.channels.order-delivery-quotes}}")
                .parameter("schema", "orders")
                .parameter("jmsComponent", "{{hub.order-app.jms-component}}")
                .parameter("messageTypes", OrderMessages.DELIVERY_QUOTE + "," + OrderMessages.DELIVERY_QUOTE_DECLINED)
                .parameter("concurrentConsumers", "{{hub.order-app.concurrent-consumers}}")
                .parameter("handler", "direct:" + AGGREGATOR_ROUTE);

        from("direct:" + AGGREGATOR_ROUTE).routeId(AGGREGATOR_ROUTE).routeConfigurationId(HandlerErrors.ID)
                .description("A courier's answer: late ones left out, the others aggregated per quote request until "
                        + "every courier answered or the timeout, then the cheapest quote recorded on the order")
                .process(replies::check).id("check-answer")
                .filter(exchangeProperty(DeliveryQuoteReplies.OPEN).isEqualTo(true)).id("open-requests-only")
                    .aggregate(header(DeliveryQuoteGroups.REQUEST_ID), groups).id("aggregate-by-request")
                        .aggregationRepository(repository)
                        .completionPredicate(groups::allAnswered)
                        .completionTimeout(settings.getTimeout().toMillis())
                        .completionTimeoutCheckerInterval(settings.getTimeoutCheckInterval().toMillis())
                        // the group an answer completes is recorded in that answer's thread, so in its transaction
                        // (Camel's default hands it to an "Aggregator" thread, outside it)
                        .executorService(new SynchronousExecutorService())
                        .process(group -> decisions.record(group, groups)).id("record-delivery-on-order")
                    .end()
                .end();
    }
}
