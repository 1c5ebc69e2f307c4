package io.integrationhub.benchmarks;

import java.util.Locale;
import java.util.function.LongSupplier;

/** Prints "phase: done/total unit" about once a second while a phase runs, on a daemon thread. */
final class Progress implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    private Progress(String phase, long total, String unit, LongSupplier done) {
        long start = System.nanoTime();
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (running) {
                    line(phase, done.getAsLong(), total, unit, System.nanoTime() - start);
                }
            }
        }, "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    static Progress start(String phase, long total, String unit, LongSupplier done) {
        return new Progress(phase, total, unit, done);
    }

    static void line(String phase, long done, long total, String unit, long elapsedNanos) {
        System.out.printf(Locale.ROOT, "  %s: %,d/%,d %s (%.1f s)%n", phase, done, total, unit, elapsedNanos / 1e9);
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
