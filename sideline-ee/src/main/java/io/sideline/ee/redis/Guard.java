package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.function.Supplier;

/**
 * Translates Jedis' connection failures into {@link RedisUnavailableException}, so that no package but
 * this one knows Jedis. So are refusals of access ({@code WRONGPASS}, {@code NOAUTH}, {@code NOPERM}):
 * like an outage they leave Redis unchanged, and the worker must keep its jobs and wait for the operator
 * rather than bury them as internal errors. Jedis' messages for these name no password. Other errors
 * Redis answered with (a script error, a wrong type) pass unchanged.
 */
final class Guard {

    private Guard() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException("Redis is unreachable while trying to " + what + ": " + e.getMessage(), e);
        } catch (JedisAccessControlException e) {
            throw new RedisUnavailableException("Redis refused access while trying to " + what + ": " + e.getMessage(), e);
        }
    }
}
