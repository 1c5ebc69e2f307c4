package io.integrationhub.routes.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One thing that happened to an aggregate, as the journey shows it.
 *
 * @param at            when (the database's or the broker's clock)
 * @param kind          what, one of the constants below (a new source may add its own)
 * @param service       where: {@code order-app}, {@code partner-adapters} or {@code broker}
 * @param channel       the channel it concerns, if any (the page draws it in that channel's lane)
 * @param messageType   the message's type, if it is about a message
 * @param messageId     the envelope's messageId, if it is about a message
 * @param correlationId what a reply answers (the command's messageId)
 * @param summary       one line for a human
 */
@Schema(name = "JourneyEntry", requiredProperties = { "at", "kind", "service", "summary" })
public record JourneyEntry(@Schema(format = "date-time") Instant at,
        @Schema(description = "order-state, outbox-written, outbox-published, queued, dead-lettered, replayed, "
                + "processed, saga-started, saga-step-sent, saga-step-replied, saga-step-timed-out, saga-ended, "
                + "ticket, authorization, breaker-fallback, aggregate-blocked, parked, delivery-audit, note") String kind,
        @Schema(description = "order-app, partner-adapters or broker") String service,
        @Schema(nullable = true) String channel,
        @Schema(nullable = true) String messageType,
        @Schema(nullable = true) String messageId,
        @Schema(nullable = true, description = "On a reply: the messageId of the command it answers")
        String correlationId,
        String summary) {

    public static final String ORDER_STATE = "order-state";
    public static final String OUTBOX_WRITTEN = "outbox-written";
    public static final String OUTBOX_PUBLISHED = "outbox-published";
    public static final String QUEUED = "queued";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String REPLAYED = "replayed";
    public static final String PROCESSED = "processed";
    public static final String SAGA_STARTED = "saga-started";
    public static final String SAGA_STEP_SENT = "saga-step-sent";
    public static final String SAGA_STEP_REPLIED = "saga-step-replied";
    public static final String SAGA_STEP_TIMED_OUT = "saga-step-timed-out";
    public static final String SAGA_ENDED = "saga-ended";
    public static final String TICKET = "ticket";
    public static final String AUTHORIZATION = "authorization";
    public static final String BREAKER_FALLBACK = "breaker-fallback";
    public static final String NOTE = "note";

    /**
     * Within the same instant (one transaction writes several rows), cause before effect: a reply is processed and
     * applied, then the order changes and the next command is sent and written to the outbox.
     */
    private static final List<String> CAUSAL_ORDER = List.of(SAGA_STARTED, PROCESSED, SAGA_STEP_REPLIED,
            SAGA_STEP_TIMED_OUT, ORDER_STATE, SAGA_STEP_SENT, OUTBOX_WRITTEN, OUTBOX_PUBLISHED, QUEUED, DEAD_LETTERED,
            REPLAYED, BREAKER_FALLBACK, TICKET, AUTHORIZATION, SAGA_ENDED, NOTE);

    /** The life of one message, in the order it must be told whatever each clock says. */
    private static final List<String> MESSAGE_LIFE = List.of(SAGA_STEP_SENT, OUTBOX_WRITTEN, OUTBOX_PUBLISHED,
            QUEUED, DEAD_LETTERED, REPLAYED, BREAKER_FALLBACK, PROCESSED, SAGA_STEP_REPLIED, SAGA_STEP_TIMED_OUT);

    private static int rank(List<String> order, String kind) {
        int rank = order.indexOf(kind);
        return rank < 0 ? order.size() : rank;
    }

    public static final Comparator<JourneyEntry> TIME_ORDER = Comparator.comparing(JourneyEntry::at)
            .thenComparingInt(entry -> rank(CAUSAL_ORDER, entry.kind()));

    /**
     * The entries in time order, except that a message's life is told in order. Clocks disagree by a little: the
     * relay marks a row published only after the broker committed it, so its consumer may have recorded the message
     * a few milliseconds earlier; a saga step's reply is applied at its transaction's start, before the
     * processed-message record of the same transaction. Each step of a message's life (and the processing of a
     * command its reply answers) is therefore placed no later than the step after it — only ever earlier than its
     * own clock says, never later. Each entry keeps its own {@code at}.
     */
    public static List<JourneyEntry> inJourneyOrder(List<JourneyEntry> entries) {
        java.util.Map<JourneyEntry, Instant> placed = new java.util.IdentityHashMap<>();
        java.util.Map<String, List<JourneyEntry>> messages = new java.util.LinkedHashMap<>();
        entries.stream().sorted(TIME_ORDER).forEach(entry -> {
            placed.put(entry, entry.at());
            if (entry.messageId() != null && MESSAGE_LIFE.contains(entry.kind())) {
                messages.computeIfAbsent(entry.messageId(), id -> new java.util.ArrayList<>()).add(entry);
            }
        });
        // replies before the commands they answer (a command's life starts first): a reply caps its command
        java.util.Map<String, Instant> answeredAt = new java.util.HashMap<>();
        List<String> ids = new java.util.ArrayList<>(messages.keySet());
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            List<JourneyEntry> life = messages.get(id);
            life.sort(Comparator.comparingInt((JourneyEntry e) -> rank(MESSAGE_LIFE, e.kind()))
                    .thenComparing(JourneyEntry::at));
            Instant next = answeredAt.get(id);
            for (int i = life.size() - 1; i >= 0; i--) {
                JourneyEntry entry = life.get(i);
                Instant at = entry.at();
                if (next != null && !at.isBefore(next) && !entry.kind().equals(SAGA_STEP_SENT)) {
                    at = next.minusNanos(1);
                }
                placed.put(entry, at);
                next = at;
                if (entry.correlationId() != null) {
                    answeredAt.merge(entry.correlationId(), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        return entries.stream().sorted(Comparator.comparing((JourneyEntry e) -> placed.get(e))
                .thenComparingInt(e -> rank(CAUSAL_ORDER, e.kind()))).toList();
    }
}
