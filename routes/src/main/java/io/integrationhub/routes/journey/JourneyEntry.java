package io.integrationhub.routes.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

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
public record JourneyEntry(Instant at, String kind, String service, String channel, String messageType,
        String messageId, String correlationId, String summary) {

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
    public static final String NOTE = "note";

    /**
     * Within the same instant (one transaction writes several rows), cause before effect: a row is written before it
     * is published, a message is processed before the reply its processing wrote, …
     */
    private static final List<String> CAUSAL_ORDER = List.of(SAGA_STARTED, ORDER_STATE, SAGA_STEP_SENT,
            OUTBOX_WRITTEN, OUTBOX_PUBLISHED, QUEUED, DEAD_LETTERED, REPLAYED, PROCESSED, SAGA_STEP_REPLIED,
            SAGA_STEP_TIMED_OUT, TICKET, AUTHORIZATION, SAGA_ENDED, NOTE);

    public static final Comparator<JourneyEntry> TIME_ORDER = Comparator.comparing(JourneyEntry::at)
            .thenComparingInt(entry -> {
                int rank = CAUSAL_ORDER.indexOf(entry.kind());
                return rank < 0 ? CAUSAL_ORDER.size() : rank;
            });
}
