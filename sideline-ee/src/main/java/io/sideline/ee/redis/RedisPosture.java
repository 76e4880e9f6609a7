package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks at startup that Redis is set up to keep what sideline-ee writes, as Sidekiq does: an eviction
 * policy other than {@code noeviction} may silently drop a queue or a barrier, and without AOF a Redis
 * restart loses the writes since the last snapshot. Reads {@code INFO}, which a least-privilege ACL user
 * may run, rather than {@code CONFIG GET}.
 */
final class RedisPosture {

    private RedisPosture() {
    }

    /** Problems found, as sentences for a log line; empty when the posture is sound. */
    static List<String> problems(UnifiedJedis redis) {
        List<String> problems = new ArrayList<>();
        String memory = redis.info("memory");
        String policy = field(memory, "maxmemory_policy");
        if (policy != null && !policy.equals("noeviction")) {
            problems.add("maxmemory-policy is " + policy + ", not noeviction: Redis may evict queues and barriers");
        }
        String persistence = redis.info("persistence");
        if ("0".equals(field(persistence, "aof_enabled"))) {
            problems.add("appendonly is off: a Redis restart loses every write since the last snapshot");
        }
        return problems;
    }

    /** The problems, or one saying why the posture could not be read. */
    static List<String> check(UnifiedJedis redis) {
        try {
            return problems(redis);
        } catch (JedisException e) {
            return List.of("cannot read the Redis configuration (" + e.getMessage() + ")");
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
