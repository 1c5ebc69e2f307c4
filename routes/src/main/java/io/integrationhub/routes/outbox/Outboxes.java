package io.integrationhub.routes.outbox;

import java.util.regex.Pattern;

/** Naming shared by the outbox pieces. Schema names end up in SQL as identifiers, so only plain names pass. */
public final class Outboxes {

    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Outboxes() {
    }

    static String checkedSchema(String schema) {
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return schema;
    }

    /** A service schema's name, checked to be a plain SQL identifier, for readers of its hub tables. */
    public static String schemaName(String schema) {
        return checkedSchema(schema);
    }

    /** The direct: endpoint (and route id) of the publisher of one outbox. */
    public static String publisherRouteId(String schema) {
        return "outbox-publisher-" + schema;
    }

    public static String cleanupRouteId(String schema) {
        return "outbox-cleanup-" + schema;
    }

    /** LISTEN/NOTIFY channel the outbox trigger notifies at commit (see hub/db/common/V1__outbox.sql). */
    static String notifyChannel(String schema) {
        return "outbox_" + schema;
    }

    /** Advisory-lock key: the same for every instance of a service, different for each outbox. */
    static long leaderLockKey(String schema) {
        return 0x6875620000000000L | (schema.hashCode() & 0xffffffffL); // "hub" prefix, then the schema
    }
}
