package io.integrationhub.routes.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The delivery auditor's findings (table {@code delivery_audit}) for a number that is not the next one expected, and
 * the alarm for gaps left open longer than {@code hub.delivery-audit.gap-alarm-after}. The next number expected costs
 * nothing here: {@link ArrivalCheck} learns the previous highest in its one statement per message; only a finding
 * costs statements of its own.
 *
 * <p>Metrics: {@code hub.delivery.gaps{channel}} (missing numbers), {@code hub.delivery.duplicates{channel}},
 * {@code hub.delivery.reorders{channel}} — counted once the delivery's transaction commits (a rolled-back delivery is
 * redelivered and checked again) — and the gauge {@code hub.delivery.gaps.alarmed} (open gaps past the alarm time).
 */
public class DeliveryAudit {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAudit.class);
    /** A jump of a million numbers is not a million rows: the first ones are recorded, the count says the rest. */
    static final int MAX_GAP_ROWS = 100;

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Duration gapAlarmAfter;
    private final AtomicLong alarmedGaps = new AtomicLong();

    public DeliveryAudit(JdbcTemplate jdbc, MeterRegistry meters, Duration gapAlarmAfter) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.gapAlarmAfter = gapAlarmAfter;
        meters.gauge("hub.delivery.gaps.alarmed", alarmedGaps);
    }

    /** What one arrival tells, given the highest number seen before it (null: the first of its aggregate here). */
    record Arrival(String schema, String routeId, String channel, String source, String aggregateType,
            String aggregateId, String messageId, long got) {
    }

    /** Called inside the delivery's transaction, when {@code got} is not {@code previous + 1}. */
    void record(Arrival a, Long previous) {
        if (previous == null || a.got() == previous + 1) {
            return; // the first number seen of this aggregate is the baseline (a subscriber may start mid-stream)
        }
        if (a.got() > previous + 1) {
            long missing = a.got() - previous - 1;
            for (long n = previous + 1; n < a.got() && n <= previous + MAX_GAP_ROWS; n++) {
                insert(a, "gap", n);
            }
            afterCommit(() -> meters.counter("hub.delivery.gaps", "channel", a.channel()).increment(missing));
            return;
        }
        // lower than or equal to the highest seen: a missing number arriving late resolves its gap (a reorder)
        int resolved = jdbc.update("update " + a.schema() + ".delivery_audit set resolved_at = now() where route_id = ? "
                + "and source = ? and aggregate_id = ? and kind = 'gap' and expected = ? and resolved_at is null",
                a.routeId(), a.source(), a.aggregateId(), a.got());
        String kind = resolved > 0 ? "reorder" : "duplicate";
        insert(a, kind, previous);
        afterCommit(() -> meters.counter("hub.delivery." + kind + "s", "channel", a.channel()).increment());
    }

    private void insert(Arrival a, String kind, long expected) {
        jdbc.update("insert into " + a.schema() + ".delivery_audit (route_id, channel, source, aggregate_type, "
                + "aggregate_id, kind, expected, got, message_id, resolved_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + (kind.equals("gap") ? "null" : "now()") + ")", a.routeId(), a.channel(), a.source(),
                a.aggregateType(), a.aggregateId(), kind, expected, a.got(), a.messageId());
    }

    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }

    /**
     * Alarms the gaps of these schemas that stayed open past the alarm time: one WARN line each, once (the update
     * marks them, so of several instances only one logs a gap), and the gauge of all open alarmed gaps.
     */
    public void raiseAlarms(List<String> schemas) {
        long open = 0;
        for (String schema : schemas) {
            jdbc.query("update " + schema + ".delivery_audit set alarmed_at = now() where kind = 'gap' and "
                    + "resolved_at is null and alarmed_at is null and seen_at < now() - make_interval(secs => ?) "
                    + "returning route_id, channel, source, aggregate_id, expected, got, seen_at", rs -> {
                        log.warn("Delivery gap on {} (route {}): aggregateSequence {} of aggregate {} from {} is "
                                + "missing since {} (number {} arrived); not filled within {}", rs.getString("channel"),
                                rs.getString("route_id"), rs.getLong("expected"), rs.getString("aggregate_id"),
                                rs.getString("source"), rs.getTimestamp("seen_at").toInstant(), rs.getLong("got"),
                                gapAlarmAfter);
                    }, gapAlarmAfter.toMillis() / 1000.0);
            open += jdbc.queryForObject("select count(*) from " + schema + ".delivery_audit where kind = 'gap' and "
                    + "resolved_at is null and alarmed_at is not null", Long.class);
        }
        alarmedGaps.set(open);
    }

    /**
     * Forgets the positions of aggregates not seen for the retention (their next message is a new baseline) and the
     * findings resolved before it, in bounded batches.
     */
    public void cleanUp(List<String> schemas, Duration retention, int batchSize) {
        for (String schema : schemas) {
            while (jdbc.update("delete from " + schema + ".delivery_position where ctid in (select ctid from " + schema
                    + ".delivery_position where updated_at < now() - make_interval(secs => ?) limit ?)",
                    (double) retention.toSeconds(), batchSize) >= batchSize) {
                // next batch
            }
            while (jdbc.update("delete from " + schema + ".delivery_audit where ctid in (select ctid from " + schema
                    + ".delivery_audit where resolved_at < now() - make_interval(secs => ?) limit ?)",
                    (double) retention.toSeconds(), batchSize) >= batchSize) {
                // next batch
            }
        }
    }

    /** The findings of these schemas, newest first: all, or one aggregate's, or only the open alarmed gaps. */
    public List<DeliveryViews.Finding> findings(List<String> schemas, String aggregateId, boolean alarmedOnly,
            int limit) {
        List<DeliveryViews.Finding> findings = new java.util.ArrayList<>();
        for (String schema : schemas) {
            findings.addAll(jdbc.query("select * from " + schema + ".delivery_audit where (cast(? as varchar) is null "
                    + "or aggregate_id = ?) and (? = false or (kind = 'gap' and resolved_at is null and alarmed_at is "
                    + "not null)) order by id desc limit ?", (rs, n) -> new DeliveryViews.Finding(rs.getLong("id"),
                            schema, rs.getString("route_id"), rs.getString("channel"), rs.getString("source"),
                            rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getString("kind"),
                            rs.getLong("expected"), rs.getLong("got"), rs.getString("message_id"),
                            instant(rs.getTimestamp("seen_at")), instant(rs.getTimestamp("alarmed_at")),
                            instant(rs.getTimestamp("resolved_at"))),
                    aggregateId, aggregateId, alarmedOnly, limit));
        }
        findings.sort(java.util.Comparator.comparing(DeliveryViews.Finding::seenAt).reversed());
        return findings.size() > limit ? findings.subList(0, limit) : findings;
    }

    static String instant(java.sql.Timestamp at) {
        return at == null ? null : at.toInstant().toString();
    }
}
