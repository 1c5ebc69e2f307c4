package io.integrationhub.routes.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The rows the active relay has sent (the broker committed their batch) and not yet marked published. They are
 * marked together, once the oldest has waited {@code hub.outbox.mark-delay} or when they make a whole batch; until
 * then each claim leaves them out, and claims no more than the rest of a batch ({@link #claimLimit}).
 * A backlog therefore still goes out as full batches, each marked right after its broker commit; what changes is
 * the trickle of small batches under a steady load, whose marks are taken together.
 *
 * <p>Why not mark every batch right after its broker commit: the mark is a PostgreSQL commit, which waits for its WAL
 * flush, and under load that wait was one of the three in every relay cycle (with the claim and the broker commit;
 * JFR of the relay thread) — and every row written meanwhile waits for the cycle in progress (benchmarks/README.md, "The relay's mark off its cycle"). What it costs: a
 * relay that dies re-sends at most a batch, as before (the rows sent in its last {@code mark-delay}, never more than
 * {@code batch-size}); every consumer skips them by messageId. A relay that stops gracefully marks them first.
 *
 * <p>One instance per relay; the relay thread uses it, and only for the current leadership term. Public for the
 * benchmarks' minimal relays, which keep the same policy.
 */
public final class SentRows {

    private record Batch(long[] ids, long sentAtNanos) {
    }

    private final long markDelayNanos;
    private final int batchSize;
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private volatile int count;

    public SentRows(Duration markDelay, int batchSize) {
        this.markDelayNanos = markDelay.toNanos();
        this.batchSize = Math.max(1, batchSize);
    }

    /** The rows of a batch the broker committed at {@code sentAtNanos} ({@link System#nanoTime()}). */
    void add(List<Map<String, Object>> rows, long sentAtNanos) {
        add(rows.stream().mapToLong(row -> ((Number) row.get("id")).longValue()).toArray(), sentAtNanos);
    }

    public synchronized void add(long[] ids, long sentAtNanos) {
        batches.addLast(new Batch(ids, sentAtNanos));
        count += ids.length;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    /** Whether the rows should be marked now: the oldest waited the mark delay, or they make a whole batch. */
    public synchronized boolean markDue(long nowNanos) {
        return !batches.isEmpty()
                && (count >= batchSize || nowNanos - batches.peekFirst().sentAtNanos() >= markDelayNanos);
    }

    /** How many rows the next claim may take: never more unmarked rows than one batch, the one in flight included. */
    public int claimLimit() {
        return Math.max(1, batchSize - count);
    }

    /** Until the next mark is due, or {@code idle} when nothing waits for one. */
    public synchronized Duration untilMarkDue(long nowNanos, Duration idle) {
        if (batches.isEmpty()) {
            return idle;
        }
        long left = batches.peekFirst().sentAtNanos() + markDelayNanos - nowNanos;
        return Duration.ofNanos(Math.max(0, Math.min(left, idle.toNanos())));
    }

    /** Every unmarked id as one PostgreSQL array literal ({@code {}} when none), for the claim to leave out. */
    public synchronized String ids() {
        StringBuilder array = new StringBuilder("{");
        for (Batch batch : batches) {
            for (long id : batch.ids()) {
                array.append(array.length() > 1 ? "," : "").append(id);
            }
        }
        return array.append('}').toString();
    }

    /** What one marking statement needs: the ids, and how long ago (µs) the broker committed each. */
    public record Marks(String ids, String agesMicros, int count) {
    }

    /**
     * Takes every unmarked row for one marking statement. Whatever its outcome, they are no longer left out of the
     * claim: marked, or — if the statement failed — claimed and sent again.
     */
    public synchronized Marks takeAll(long nowNanos) {
        StringBuilder ids = new StringBuilder("{");
        StringBuilder ages = new StringBuilder("{");
        for (Batch batch : batches) {
            long ageMicros = Math.max(0, (nowNanos - batch.sentAtNanos()) / 1_000);
            for (long id : batch.ids()) {
                if (ids.length() > 1) {
                    ids.append(',');
                    ages.append(',');
                }
                ids.append(id);
                ages.append(ageMicros);
            }
        }
        Marks marks = new Marks(ids.append('}').toString(), ages.append('}').toString(), count);
        clear();
        return marks;
    }

    /** Forgets them (the lock is lost): the next active relay sends them again. */
    synchronized void clear() {
        batches.clear();
        count = 0;
    }
}
