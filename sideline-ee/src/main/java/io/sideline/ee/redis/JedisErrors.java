package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.StartNotReplicatedException;
import io.sideline.ee.StartOutcomeUnknownException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Translates Jedis' exceptions, so that no package but this one knows Jedis. Connection failures, and the
 * errors of a Redis that cannot serve us for now (out of memory under {@code noeviction}, a read-only replica,
 * loading its data set, busy with a script, an ACL that denies us), become {@link RedisUnavailableException}:
 * the worker retries its bookkeeping and the API caller learns that nothing was done. Any other error Redis
 * answered with (a script's own error) is a defect, not an outage: it becomes an {@link IllegalStateException}
 * naming the step, and is not retried.
 */
final class JedisErrors {

    /** Error codes (the first word of Redis' reply) that a later attempt may not meet. */
    private static final List<String> TRANSIENT = List.of("OOM", "READONLY", "LOADING", "BUSY", "MASTERDOWN",
            "NOPERM", "NOAUTH", "WRONGPASS", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS");

    private JedisErrors() {
    }

    /**
     * Runs a start (launch, launch_many, push). A connection failure after which the script may have run anyway
     * (the command was sent, or may have been, and no reply came: a read timeout, a connection broken mid-call)
     * becomes {@link StartOutcomeUnknownException} about {@code ids}; only a failure to connect at all, before
     * anything was sent, stays a plain {@link RedisUnavailableException} ("nothing was started"). When the two
     * cannot be told apart, the outcome counts as unknown.
     */
    static <T> T start(List<String> ids, boolean keyed, Supplier<T> call) {
        try {
            return call.get();
        } catch (StartOutcomeUnknownException e) {
            throw e;
        } catch (ReplicasBehindException e) {
            throw new StartNotReplicatedException(ids, keyed, e);
        } catch (RedisUnavailableException e) {
            if (e.getCause() instanceof JedisConnectionException connection && !neverSent(connection)) {
                throw new StartOutcomeUnknownException(ids, keyed, e);
            }
            throw e;
        }
    }

    /**
     * Whether the connection failed before the command could be written: no connection could be made (refused,
     * unknown host, no route, connect timeout) or none could be taken from the pool.
     */
    static boolean neverSent(JedisConnectionException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof NoSuchElementException
                    || message.startsWith("Failed to connect") || message.startsWith("Could not get a resource")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw translated(what, e);
        }
    }

    /**
     * What {@link #call} throws for a Jedis error while trying to do {@code what}: for a hot path that calls Jedis
     * itself rather than through a lambda (one object less per call).
     */
    static RuntimeException translated(String what, JedisException e) {
        if (e instanceof JedisConnectionException) {
            return new RedisUnavailableException("Redis is unreachable while trying to " + what + ": " + e.getMessage(), e);
        }
        if (e instanceof JedisAccessControlException) {
            // WRONGPASS, NOAUTH, NOPERM: Jedis' messages for these name no password
            return new RedisUnavailableException("Redis refused access while trying to " + what + ": " + e.getMessage(), e);
        }
        if (e instanceof JedisDataException) {
            String message = String.valueOf(e.getMessage());
            if (TRANSIENT.stream().anyMatch(code -> message.startsWith(code + " ") || message.contains(" " + code + " "))) {
                return new RedisUnavailableException("Redis cannot serve the attempt to " + what + " now: " + message, e);
            }
            return new IllegalStateException("Redis refused to " + what + ": " + message, e);
        }
        // No connection could be had at all (the pool is closed, as while the application stops, or exhausted):
        // nothing was sent, and no Jedis type may leave this package.
        return new RedisUnavailableException("Redis is unreachable while trying to " + what + ": " + e.getMessage(), e);
    }
}
