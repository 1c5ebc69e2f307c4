package io.integrationhub.routes.versions;

import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a consumer reads of one messageType: the major its handler is written for and an upcaster from each older
 * major it still accepts to the next. Declared as a bean by the consuming service (the consumer side of the
 * contract); the route templates apply it through {@link MessageVersions}.
 *
 * <pre>
 * UpcasterChain.reading("OrderCreated", 2).upcasting(1, OrderCreatedUpcaster::toV2)
 * </pre>
 */
public final class UpcasterChain {

    private final String messageType;
    private final int currentMajor;
    private final TreeMap<Integer, Upcaster> byFromMajor;

    private UpcasterChain(String messageType, int currentMajor, TreeMap<Integer, Upcaster> byFromMajor) {
        this.messageType = messageType;
        this.currentMajor = currentMajor;
        this.byFromMajor = byFromMajor;
    }

    /** A chain that reads only {@code currentMajor} until upcasters are added. */
    public static UpcasterChain reading(String messageType, int currentMajor) {
        if (currentMajor < 1) {
            throw new IllegalArgumentException("major versions start at 1: " + currentMajor);
        }
        return new UpcasterChain(messageType, currentMajor, new TreeMap<>());
    }

    /** Adds the upcaster from {@code fromMajor} to {@code fromMajor + 1}. */
    public UpcasterChain upcasting(int fromMajor, Upcaster upcaster) {
        if (fromMajor < 1 || fromMajor >= currentMajor) {
            throw new IllegalArgumentException(messageType + ": an upcaster from major " + fromMajor
                    + " cannot lead to " + currentMajor);
        }
        TreeMap<Integer, Upcaster> next = new TreeMap<>(byFromMajor);
        next.put(fromMajor, upcaster);
        return new UpcasterChain(messageType, currentMajor, next);
    }

    public String messageType() {
        return messageType;
    }

    public int currentMajor() {
        return currentMajor;
    }

    /** The current major and every older one with an unbroken chain of upcasters to it. */
    public SortedSet<Integer> acceptedMajors() {
        SortedSet<Integer> accepted = new TreeSet<>();
        accepted.add(currentMajor);
        for (int major = currentMajor - 1; byFromMajor.containsKey(major); major--) {
            accepted.add(major);
        }
        return accepted;
    }

    /** The payload of {@code fromMajor} (an accepted one) in the current major's shape. */
    public ObjectNode upcast(int fromMajor, ObjectNode payload) {
        if (!acceptedMajors().contains(fromMajor)) {
            throw new IllegalArgumentException(messageType + " major " + fromMajor + " is not accepted");
        }
        ObjectNode result = payload;
        for (int major = fromMajor; major < currentMajor; major++) {
            result = byFromMajor.get(major).upcast(result);
        }
        return result;
    }

    @Override
    public String toString() {
        return messageType + " reads " + currentMajor + ".x, upcasts "
                + byFromMajor.keySet().stream().map(m -> m + ".x").collect(Collectors.joining(", "));
    }
}
