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

    /** Each entry is [id, timestamp, microseconds, [args], client, name]. */
    static long slowestMicros(CampaignRedis redis) {
        List<?> entries = (List<?>) redis.call(r -> r.sendCommand(Protocol.Command.SLOWLOG, "GET", MAX_ENTRIES));
        long max = 0;
        for (Object entry : entries) {
            max = Math.max(max, (Long) ((List<?>) entry).get(2));
        }
        return max;
    }
}
