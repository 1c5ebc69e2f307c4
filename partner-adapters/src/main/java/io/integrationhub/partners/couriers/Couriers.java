package io.integrationhub.partners.couriers;

import java.util.List;

/** The simulated couriers: a fast, dearer one and a slow, cheap one. Each id names its schema, route and subscription. */
public final class Couriers {

    public static final String SWIFT = "swift";
    public static final String THRIFTY = "thrifty";
    public static final List<String> ALL = List.of(SWIFT, THRIFTY);

    private Couriers() {
    }

    public static String schema(String courierId) {
        return "courier_" + courierId;
    }

    /** The route consuming the courier's subscription (stopped in mode {@code stopped}). */
    public static String route(String courierId) {
        return "courier-" + courierId + "-quotes";
    }

    public static String handler(String courierId) {
        return "courier-" + courierId + "-quote";
    }

    public static String subscription(String courierId) {
        return "partner-adapters.courier-" + courierId;
    }
}
