package io.integrationhub.order.journeys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.journey.JourneyEntry;
import io.integrationhub.routes.journey.JourneyQuery;
import io.integrationhub.routes.journey.JourneySource;
import io.integrationhub.routes.journey.OutboxJourney;

/**
 * Puts the journey together: the messageIds known to concern the order first (its outbox rows, its sagas' commands
 * and replies), then every source's entries in time order. A source that fails does not fail the journey: its
 * part is left out and a note says why.
 */
class JourneyService {

    private static final Logger log = LoggerFactory.getLogger(JourneyService.class);

    private final List<JourneySource> sources;
    private final OutboxJourney outbox;
    private final SagaJourney sagas;
    private final JdbcTemplate jdbc;

    JourneyService(List<JourneySource> sources, OutboxJourney outbox, SagaJourney sagas, JdbcTemplate jdbc) {
        this.sources = sources;
        this.outbox = outbox;
        this.sagas = sagas;
        this.jdbc = jdbc;
    }

    boolean exists(long orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from orders.orders where id = ?)",
                Boolean.class, orderId));
    }

    JourneyView journey(long orderId) {
        Set<String> messageIds = new LinkedHashSet<>(outbox.messageIds(String.valueOf(orderId)));
        messageIds.addAll(sagas.messageIds(orderId));
        JourneyQuery query = new JourneyQuery(String.valueOf(orderId), messageIds);
        List<JourneyEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JourneySource source : sources) {
            try {
                entries.addAll(source.entries(query));
            } catch (Exception e) {
                log.info("Journey of order {}: {} left out: {}", orderId, source.getClass().getSimpleName(),
                        e.getMessage());
                notes.add(e.getMessage() == null ? source.getClass().getSimpleName() + " failed" : e.getMessage());
            }
        }
        return new JourneyView(String.valueOf(orderId), JourneyEntry.inJourneyOrder(withMessageTypes(entries)), notes);
    }

    /**
     * A source keyed by messageId alone (a processed-message record) knows no type: it is the type another entry of
     * the same message has (its outbox row, its saga step).
     */
    private static List<JourneyEntry> withMessageTypes(List<JourneyEntry> entries) {
        java.util.Map<String, String> types = new java.util.HashMap<>();
        entries.stream().filter(e -> e.messageId() != null && e.messageType() != null)
                .forEach(e -> types.putIfAbsent(e.messageId(), e.messageType()));
        return entries.stream().map(e -> e.messageType() != null || e.messageId() == null ? e
                : new JourneyEntry(e.at(), e.kind(), e.service(), e.channel(), types.get(e.messageId()),
                        e.messageId(), e.correlationId(), e.summary())).toList();
    }

    /**
     * The order a messageId, correlation id or trace id belongs to: a row of its outbox (message or correlation),
     * a saga step's command or reply, or the trace of an outbox row or saga.
     */
    Optional<Long> orderOf(String messageId, String correlationId, String traceId) {
        List<Long> found = new ArrayList<>();
        if (messageId != null) {
            found.addAll(jdbc.queryForList("select aggregate_id::bigint from orders.outbox where message_id::text = ? "
                    + "and aggregate_id ~ '^[0-9]+$' union all select s.order_id from orders.saga_step st join "
                    + "orders.saga_instance s on s.id = st.saga_id where st.command_message_id::text = ? "
                    + "or st.reply_message_id = ?", Long.class, messageId, messageId, messageId));
        }
        if (correlationId != null) {
            found.addAll(jdbc.queryForList("select s.order_id from orders.saga_step st join orders.saga_instance s "
                    + "on s.id = st.saga_id where st.command_message_id::text = ? union all select "
                    + "aggregate_id::bigint from orders.outbox where correlation_id = ? and aggregate_id ~ '^[0-9]+$'",
                    Long.class, correlationId, correlationId));
        }
        if (traceId != null) {
            found.addAll(jdbc.queryForList("select order_id from orders.saga_instance where trace_parent like ? "
                    + "union all select aggregate_id::bigint from orders.outbox where trace_parent like ? "
                    + "and aggregate_id ~ '^[0-9]+$'", Long.class, "00-" + traceId + "-%", "00-" + traceId + "-%"));
        }
        return found.stream().findFirst();
    }
}
