package io.sideline.benchmark.it;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What Redis did between two snapshots: its own CPU time ({@code INFO cpu}: used_cpu_user + used_cpu_sys,
 * i.e. including its network syscalls) and the calls per command ({@code INFO commandstats}). Redis 7 counts
 * the commands run inside Lua scripts in commandstats too, so {@link #calls()} is "commands executed", not
 * round trips; {@link RedisMonitor} tells client commands from script ones.
 */
record RedisCost(double cpuUs, Map<String, Long> calls, Map<String, Long> usec, double seconds) {

    /**
     * Commands the benchmark driver itself sends inside a measured window (the INFO of the snapshots, the
     * MONITOR marker, connection handshakes), left out of every count.
     */
    static final Set<String> DRIVER_COMMANDS = Set.of("info", "config|resetstat", "echo", "select", "hello",
            "client|setinfo", "client|setname", "monitor");

    static Snapshot snapshot(PrivateRedis redis) {
        Map<String, String> cpu = redis.info("cpu");
        double cpuUs = (Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"))) * 1e6;
        Map<String, Long> calls = new HashMap<>();
        Map<String, Long> usec = new HashMap<>();
        redis.info("commandstats").forEach((key, value) -> {
            if (key.startsWith("cmdstat_")) {
                String command = key.substring("cmdstat_".length());
                calls.put(command, field(value, "calls"));
                usec.put(command, field(value, "usec"));
            }
        });
        return new Snapshot(cpuUs, calls, usec, System.nanoTime());
    }

    /** {@code calls=12,usec=34,usec_per_call=2.83,...} -> the value of {@code name}. */
    private static long field(String stats, String name) {
        for (String pair : stats.split(",")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return 0;
    }

    record Snapshot(double cpuUs, Map<String, Long> calls, Map<String, Long> usec, long nanos) {

        /** The cost from {@code earlier} to this snapshot, without the driver's own commands. */
        RedisCost since(Snapshot earlier) {
            Map<String, Long> delta = new HashMap<>();
            Map<String, Long> usecDelta = new HashMap<>();
            calls.forEach((command, n) -> {
                long d = n - earlier.calls.getOrDefault(command, 0L);
                if (d > 0 && !DRIVER_COMMANDS.contains(command)) {
                    delta.put(command, d);
                    usecDelta.put(command, usec.getOrDefault(command, 0L) - earlier.usec.getOrDefault(command, 0L));
                }
            });
            return new RedisCost(cpuUs - earlier.cpuUs, delta, usecDelta, (nanos - earlier.nanos) / 1e9);
        }
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This cost minus what {@code background} (a rate measured while idle) accounts for over this duration. */
    RedisCost minusBackground(RedisCost background) {
        if (background == null || background.seconds <= 0) {
            return this;
        }
        double scale = seconds / background.seconds;
        Map<String, Long> rest = new HashMap<>();
        calls.forEach((command, n) -> rest.put(command,
                Math.max(0, n - Math.round(background.calls.getOrDefault(command, 0L) * scale))));
        Map<String, Long> restUsec = new HashMap<>();
        usec.forEach((command, n) -> restUsec.put(command,
                Math.max(0, n - Math.round(background.usec.getOrDefault(command, 0L) * scale))));
        return new RedisCost(Math.max(0, cpuUs - background.cpuUs * scale), rest, restUsec, seconds);
    }
}
