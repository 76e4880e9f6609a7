package io.sideline.benchmark.it;

import jakarta.json.JsonObjectBuilder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

import java.util.List;

/**
 * The longest single command Redis ran during a scenario, from its SLOWLOG (execution time only, no I/O; an EVALSHA
 * counts its whole script): how long one command of ours held Redis, which every other client waits for. Commands
 * under {@value #THRESHOLD_US} µs are not logged, so 0 means "none as long as that".
 */
final class SlowLog {

    static final long THRESHOLD_US = 100;
    /** Enough entries that the longest of a scenario is never pushed out. */
    private static final long MAX_ENTRIES = 100_000;

    private SlowLog() {
    }

    /** The slowest command seen: its time (µs) and name (with its first argument for a script's SHA). */
    record Slowest(long micros, String command) {
        JsonObjectBuilder addTo(JsonObjectBuilder figures) {
            return figures.add("max_redis_command_us", micros).add("max_redis_command", command);
        }
    }

    /** Arms the log (idempotent) and empties it: what follows belongs to the next scenario. */
    static void reset(PrivateRedis redis) {
        try (Jedis jedis = redis.connect()) {
            jedis.configSet("slowlog-log-slower-than", Long.toString(THRESHOLD_US));
            jedis.configSet("slowlog-max-len", Long.toString(MAX_ENTRIES));
            jedis.slowlogReset();
        }
    }

    /** The slowest command since {@link #reset}. */
    static Slowest slowest(PrivateRedis redis) {
        try (Jedis jedis = redis.connect()) {
            List<Slowlog> entries = jedis.slowlogGet(MAX_ENTRIES);
            Slowest max = new Slowest(0, "");
            for (Slowlog entry : entries) {
                if (entry.getExecutionTime() > max.micros()) {
                    List<String> args = entry.getArgs();
                    max = new Slowest(entry.getExecutionTime(), args.isEmpty() ? "" : args.get(0));
                }
            }
            return max;
        }
    }
}
