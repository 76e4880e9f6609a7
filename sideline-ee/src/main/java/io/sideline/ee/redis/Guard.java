package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;
import java.util.function.Supplier;

/**
 * Translates Jedis' exceptions, so that no package but this one knows Jedis. Connection failures, and the
 * errors of a Redis that cannot serve us for now (out of memory under {@code noeviction}, a read-only replica,
 * loading its data set, busy with a script, an ACL that denies us), become {@link RedisUnavailableException}:
 * the worker retries its bookkeeping and the API caller learns that nothing was done. Any other error Redis
 * answered with (a script's own error) is a defect, not an outage: it becomes an {@link IllegalStateException}
 * naming the step, and is not retried.
 */
final class Guard {

    /** Error codes (the first word of Redis' reply) that a later attempt may not meet. */
    private static final List<String> TRANSIENT = List.of("OOM", "READONLY", "LOADING", "BUSY", "MASTERDOWN",
            "NOPERM", "NOAUTH", "WRONGPASS", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS");

    private Guard() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException("Redis is unreachable while trying to " + what + ": " + e.getMessage(), e);
        } catch (JedisAccessControlException e) {
            // WRONGPASS, NOAUTH, NOPERM: Jedis' messages for these name no password
            throw new RedisUnavailableException("Redis refused access while trying to " + what + ": " + e.getMessage(), e);
        } catch (JedisDataException e) {
            String message = String.valueOf(e.getMessage());
            if (TRANSIENT.stream().anyMatch(code -> message.startsWith(code + " ") || message.contains(" " + code + " "))) {
                throw new RedisUnavailableException("Redis cannot serve the attempt to " + what + " now: " + message, e);
            }
            throw new IllegalStateException("Redis refused to " + what + ": " + message, e);
        }
    }
}
