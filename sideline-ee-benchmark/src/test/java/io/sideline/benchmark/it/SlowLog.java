package io.sideline.benchmark.it;

import io.sideline.ee.redis.LuaScript;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The longest single command Redis ran during a scenario, from its SLOWLOG (execution time only, no I/O; an EVALSHA
 * counts its whole script): how long one command of ours held Redis, which every other client waits for. Commands
 * under {@value #THRESHOLD_US} µs are not logged, so 0 means "none as long as that".
 */
final class SlowLog {

    static final long THRESHOLD_US = 100;
    /** Enough entries that the longest of a scenario is never pushed out. */
    private static final long MAX_ENTRIES = 100_000;
    /** The harness's own commands (reading the log itself, INFO snapshots, flushing between scenarios): not ours. */
    private static final Set<String> HARNESS = Set.of("SLOWLOG", "CONFIG", "INFO", "FLUSHDB", "FLUSHALL", "MONITOR");

    static {
        // the library's scripts load in their classes' initialisers: their SHAs then name them in the log
        for (String holder : List.of("io.sideline.ee.redis.RedisScripts", "io.sideline.ee.redis.StageScripts")) {
            try {
                Class.forName(holder);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the library's scripts are not on the benchmark's classpath", e);
            }
        }
    }

    private SlowLog() {
    }

    /** The slowest command seen: its time (µs) and name ({@code EVALSHA stage} for a script of ours). */
    record Slowest(long micros, String command) {
        JsonObjectBuilder addTo(JsonObjectBuilder figures) {
            return figures.add("max_redis_command_us", micros).add("max_redis_command", command);
        }
    }

    /**
     * The median pass of a scenario's longest calls (by time; the upper one of an even count), with every pass's time
     * and command: {@code max_redis_command_us}, {@code max_redis_command}, {@code passes_us}, {@code passes}.
     */
    static JsonObject typical(List<Slowest> passes) {
        List<Slowest> sorted = passes.stream().sorted(java.util.Comparator.comparingLong(Slowest::micros)).toList();
        JsonArrayBuilder micros = Json.createArrayBuilder();
        JsonArrayBuilder commands = Json.createArrayBuilder();
        passes.forEach(p -> {
            micros.add(p.micros());
            commands.add(p.command());
        });
        return sorted.get(sorted.size() / 2).addTo(Json.createObjectBuilder()).add("passes_us", micros)
                .add("passes", commands).build();
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
                List<String> args = entry.getArgs();
                String command = args.isEmpty() ? "" : args.get(0).toUpperCase(Locale.ROOT);
                if (entry.getExecutionTime() > max.micros() && !HARNESS.contains(command)) {
                    max = new Slowest(entry.getExecutionTime(), named(command, args));
                }
            }
            return max;
        }
    }

    /** {@code EVALSHA <sha>} as the script's name when it is one of ours, else the command. */
    static String named(String command, List<String> args) {
        if (!command.equals("EVALSHA") || args.size() < 2) {
            return command;
        }
        String sha = args.get(1);
        return "EVALSHA " + LuaScript.nameOf(sha).orElse(sha.substring(0, Math.min(8, sha.length())));
    }
}
