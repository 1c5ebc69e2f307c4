package io.integrationhub.order.quotes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The aggregation strategy of the quote requests: a group (one per request, keyed by JMSCorrelationID) is a map
 * courierId → that courier's answer (as JSON), so a courier that answers twice counts once. The group's exchange keeps
 * only what the recording needs, as plain strings: the repository serializes it into PostgreSQL, and only JDK types
 * pass Camel's deserialization filter ({@code java.**;org.apache.camel.**}).
 */
class DeliveryQuoteGroups implements AggregationStrategy {

    static final String ORDER_ID = "aggregateId";
    static final String REQUEST_ID = "JMSCorrelationID";
    static final String TRACE_PARENT = "traceparent";
    /** Set on an incoming answer by {@link DeliveryQuoteReplies}: its courier and the answer as JSON. */
    static final String COURIER_ID = "courierId";

    private final int expectedCouriers;
    private final ObjectMapper json;
    private final DeliveryQuoteMetrics metrics;

    DeliveryQuoteGroups(int expectedCouriers, ObjectMapper json, DeliveryQuoteMetrics metrics) {
        this.expectedCouriers = expectedCouriers;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange group, Exchange answer) {
        String courierId = answer.getMessage().getHeader(COURIER_ID, String.class);
        String body = answer.getMessage().getBody(String.class);
        if (group == null) {
            Message first = answer.getMessage();
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String header : new String[] { ORDER_ID, REQUEST_ID, TRACE_PARENT }) {
                String value = first.getHeader(header, String.class);
                if (value != null) {
                    kept.put(header, value);
                }
            }
            first.setHeaders(kept);
            LinkedHashMap<String, String> answers = new LinkedHashMap<>();
            answers.put(courierId, body);
            first.setBody(answers);
            return answer;
        }
        if (answers(group).putIfAbsent(courierId, body) != null) {
            metrics.ignored(DeliveryQuoteMetrics.REPEATED);
        }
        return group;
    }

    /** The completion predicate: every expected courier answered. */
    boolean allAnswered(Exchange group) {
        return answers(group).size() >= expectedCouriers;
    }

    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, String> answers(Exchange group) {
        return group.getMessage().getBody(LinkedHashMap.class);
    }

    CourierAnswer read(String answer) {
        try {
            return json.readValue(answer, CourierAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer in an aggregation group", e);
        }
    }
}
