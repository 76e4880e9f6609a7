package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks at startup that Redis is set up to keep what sideline-ee writes, as Sidekiq does: an eviction
 * policy other than {@code noeviction} may silently drop a queue or a barrier, and without AOF a Redis
 * restart loses the writes since the last snapshot. Reads {@code INFO} rather than {@code CONFIG GET}: a
 * least-privilege ACL user can be granted {@code +info} (read-only) without {@code CONFIG} (an admin
 * command that could also change the settings).
 * <p>
 * When the check cannot be made, {@link #check} says why, in one of three ways: Redis is unreachable
 * ({@link #UNREACHABLE}, only ever a warning: an outage is no setting to fix, and the check is made again
 * when Redis first answers, before a waiting worker starts); the ACL
 * user may not run {@code INFO} ({@code NOPERM}); or Redis refuses the credentials ({@code WRONGPASS}).
 * The last two are settings an operator must fix, so {@code sideline.redis.strict} refuses to start on
 * them as on an unsafe posture: strict mode promises a verified posture, not merely an unrefuted one.
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

    /** How a problem saying that Redis could not be reached at all begins. */
    static final String UNREACHABLE = "cannot read the Redis configuration";

    /** The problems, or one saying why the posture could not be read. */
    static List<String> check(UnifiedJedis redis) {
        try {
            return problems(redis);
        } catch (JedisAccessControlException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.startsWith("NOPERM")) {
                return List.of("cannot verify maxmemory-policy and appendonly: the Redis user may not run INFO ("
                        + reason + "); grant it +info, or check both settings yourself");
            }
            return List.of("Redis refused the credentials (" + reason + ")");
        } catch (JedisException e) {
            return List.of(UNREACHABLE + " (" + e.getMessage() + ")");
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
