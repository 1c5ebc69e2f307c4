package io.integrationhub.order.orders;

import java.math.BigDecimal;

/**
 * The delivery the order's quote aggregation decided: the cheapest courier's quote ({@link State#QUOTED}) or none
 * ({@link State#NO_QUOTE}: every expected courier declined or stayed silent until the timeout).
 *
 * @param quotes      how many couriers answered with a quote
 * @param couriers    how many were asked (configured)
 * @param completedBy {@code all} when every expected courier answered, {@code timeout} otherwise
 */
public record Delivery(State state, String courierId, BigDecimal price, Integer etaMinutes, int quotes, int couriers,
        String completedBy) {

    public enum State { QUOTED, NO_QUOTE }

    public static final String COMPLETED_BY_ALL = "all";
    public static final String COMPLETED_BY_TIMEOUT = "timeout";

    public static Delivery quoted(String courierId, BigDecimal price, int etaMinutes, int quotes, int couriers,
            String completedBy) {
        return new Delivery(State.QUOTED, courierId, price, etaMinutes, quotes, couriers, completedBy);
    }

    public static Delivery noQuote(int couriers, String completedBy) {
        return new Delivery(State.NO_QUOTE, null, null, null, 0, couriers, completedBy);
    }
}
