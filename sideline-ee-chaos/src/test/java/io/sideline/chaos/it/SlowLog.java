package io.sideline.chaos.it;

import redis.clients.jedis.Protocol;

import java.util.List;

/**
 * The longest single command the campaign's Redis ran since {@link #reset} (SLOWLOG, execution time, µs): how long
 * one command held Redis, which every heartbeat and fetch waits for. Commands under 1 ms are not logged (0).
 */
final class SlowLog {

    private static final String MAX_ENTRIES = "100000";

    private SlowLog() {
    }

    static void reset(CampaignRedis redis) {
        redis.call(r -> r.sendCommand(Protocol.Command.CONFIG, "SET", "slowlog-log-slower-than", "1000"));
        redis.call(r -> r.sendCommand(Protocol.Command.CONFIG, "SET", "slowlog-max-len", MAX_ENTRIES));
        redis.call(r -> r.sendCommand(Protocol.Command.SLOWLOG, "RESET"));
    }

    /** The slowest command and its time, µs. */
    record Slowest(long micros, String command) {
    }

    /**
     * Each entry is [id, timestamp, microseconds, [args], client, name]. The driver's own {@code KEYS} (its count of
     * run hashes, over a keyspace of 100,000 jobs) is left out: the library never sends it, and it is not what the
     * scenario measures.
     */
    static Slowest slowest(CampaignRedis redis) {
        List<?> entries = (List<?>) redis.call(r -> r.sendCommand(Protocol.Command.SLOWLOG, "GET", MAX_ENTRIES));
        Slowest max = new Slowest(0, "-");
        for (Object entry : entries) {
            List<?> fields = (List<?>) entry;
            List<?> args = (List<?>) fields.get(3);
            String command = args.isEmpty() ? "?" : text(args.get(0));
            long micros = (Long) fields.get(2);
            if (!command.equalsIgnoreCase("KEYS") && micros > max.micros()) {
                // the first arguments name it: for EVALSHA the script's digest, its key count and first key
                max = new Slowest(micros, String.join(" ", args.stream().limit(4).map(SlowLog::text)
                        .map(a -> a.length() > 60 ? a.substring(0, 60) + "…" : a).toList()));
            }
        }
        return max;
    }

    static long slowestMicros(CampaignRedis redis) {
        return slowest(redis).micros();
    }

    private static String text(Object arg) {
        return arg instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(arg);
    }
}
