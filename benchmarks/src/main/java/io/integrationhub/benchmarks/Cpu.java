package io.integrationhub.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this JVM (application, broker and load generator together; PostgreSQL not included). On a small shared
 * machine, CPU per operation is steadier than wall-clock rates.
 */
final class Cpu {

    private Cpu() {
    }

    static long processNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** @return "0.42 ms" CPU per operation, or "n/a" */
    static String perOp(long cpuNanos, long ops) {
        return cpuNanos < 0 || ops == 0 ? "n/a" : Samples.ms(cpuNanos / 1e6 / ops);
    }
}
