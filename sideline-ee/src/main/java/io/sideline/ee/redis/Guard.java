package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.function.Supplier;

/**
 * Translates Jedis' connection failures into {@link RedisUnavailableException}, so that no package but
 * this one knows Jedis. Errors Redis answered with (a script error, a wrong type) pass unchanged.
 */
final class Guard {

    private Guard() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException("Redis is unreachable while trying to " + what + ": " + e.getMessage(), e);
        }
    }
}
