package io.sideline.benchmark.scenario;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** The server JVM's CPU time and garbage collection over a scenario. */
final class JvmMeter {

    private final long cpuNanos;
    private final long gcMillis;
    private final long gcCount;

    private JvmMeter() {
        this.cpuNanos = processCpuNanos();
        this.gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        this.gcCount = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    static JvmMeter start() {
        return new JvmMeter();
    }

    /** CPU used by the whole server process since {@link #start()} (all threads: workers, HTTP, GC, JIT). */
    Delta stop() {
        JvmMeter now = new JvmMeter();
        return new Delta(cpuNanos < 0 || now.cpuNanos < 0 ? -1 : now.cpuNanos - cpuNanos,
                now.gcMillis - gcMillis, now.gcCount - gcCount);
    }

    record Delta(long cpuNanos, long gcMillis, long gcCount) {
    }

    /** -1 when the JDK does not expose process CPU time. */
    static long processCpuNanos() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getProcessCpuTime();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
