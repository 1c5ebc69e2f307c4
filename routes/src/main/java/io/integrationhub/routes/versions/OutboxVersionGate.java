package io.integrationhub.routes.versions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.OutboxWriter;

/**
 * The deploy gate on what a service produces: before its outbox relays start (a lower lifecycle phase), refuses the
 * start when a configured producer version ({@code hub.messages.versions}) or an unpublished row of its own outbox
 * has a major that the channel's known consumers ({@code hub.messages.consumers-read}) cannot read. Channels and
 * messageTypes without a declared {@code consumers-read} are not checked: nobody said who reads them.
 */
class OutboxVersionGate implements SmartLifecycle {

    /** Before OutboxRelays (Integer.MAX_VALUE - 1000) and the Camel context: nothing is relayed before the check. */
    static final int PHASE = Integer.MAX_VALUE - 2000;

    private final List<OutboxWriter> outboxes;
    private final JdbcTemplate jdbc;
    private final ProducedVersions produced;
    /** hub.channels: key (order-events) → channel name (order.events). */
    private final Map<String, String> channels;
    private volatile boolean running;

    OutboxVersionGate(List<OutboxWriter> outboxes, JdbcTemplate jdbc, ProducedVersions produced,
            Map<String, String> channels) {
        this.outboxes = outboxes;
        this.jdbc = jdbc;
        this.produced = produced;
        this.channels = channels;
    }

    @Override
    public void start() {
        List<StrandedMessages> stranded = new ArrayList<>(misconfigured());
        for (OutboxWriter outbox : outboxes) {
            stranded.addAll(unreadableRows(outbox));
        }
        if (!stranded.isEmpty()) {
            throw new DeployGateException(stranded);
        }
        running = true;
    }

    /** A producer configured to write a major its known consumers cannot read. */
    private List<StrandedMessages> misconfigured() {
        List<StrandedMessages> found = new ArrayList<>();
        produced.getVersions().forEach((channelKey, types) -> types.keySet().forEach(type -> {
            MessageVersion version = produced.version(channelKey, type);
            produced.consumersRead(channelKey, type).filter(majors -> !majors.contains(version.major()))
                    .ifPresent(majors -> found.add(new StrandedMessages(
                            "hub.messages.versions." + channelKey + "." + type + " (what this build would write)", 0,
                            new TreeSet<>(List.of(type + " " + version)),
                            "the known consumers of " + channelKey + " read " + MessageVersions.describe(majors))));
        }));
        return found;
    }

    private List<StrandedMessages> unreadableRows(OutboxWriter outbox) {
        List<StrandedMessages> found = new ArrayList<>();
        // the schema is an identifier checked by OutboxWriter (Outboxes.checkedSchema); no value is pasted
        jdbc.query("select destination, message_type, message_version, count(*) as n from " + outbox.schema()
                + ".outbox where published_at is null group by destination, message_type, message_version", rs -> {
            String destination = rs.getString("destination");
            String type = rs.getString("message_type");
            MessageVersion version = MessageVersion.parse(rs.getString("message_version"));
            long count = rs.getLong("n");
            channelKey(destination).flatMap(key -> produced.consumersRead(key, type))
                    .filter(majors -> !majors.contains(version.major()))
                    .ifPresent(majors -> found.add(new StrandedMessages("outbox " + outbox.schema()
                            + " (unpublished, to " + destination + ")", count,
                            new TreeSet<>(List.of(type + " " + version)),
                            "its known consumers read " + MessageVersions.describe(majors))));
        });
        return found;
    }

    private Optional<String> channelKey(String destination) {
        String name = destination.substring(destination.indexOf(':') + 1);
        return channels.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
