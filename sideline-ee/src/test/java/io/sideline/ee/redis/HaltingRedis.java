package io.sideline.ee.redis;

import io.sideline.ee.testing.TestRedis;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * A real connection to the test Redis whose Java side stops (throws {@link Halt}) before its nth script call: what a
 * crash of the caller between two steps leaves in Redis. Counting from the first script call after {@link #haltBefore}.
 */
final class HaltingRedis extends UnifiedJedis {

    /** The caller stopped here: every script call before it ran, none after it. */
    static final class Halt extends RuntimeException {
        Halt() {
            super("halted", null, false, false);
        }
    }

    private int calls;
    private int haltAt = Integer.MAX_VALUE;

    HaltingRedis() {
        super(java.net.URI.create(TestRedis.url()));
    }

    /** Halts before the nth script call from now (1 = the next). */
    void haltBefore(int n) {
        calls = 0;
        haltAt = n;
    }

    /** No more halts; the number of script calls since {@link #haltBefore}. */
    int resume() {
        haltAt = Integer.MAX_VALUE;
        return calls;
    }

    @Override
    public Object evalsha(String sha1, List<String> keys, List<String> args) {
        count();
        try {
            return super.evalsha(sha1, keys, args);
        } catch (redis.clients.jedis.exceptions.JedisNoScriptException e) {
            calls--; // not run: LuaScript loads it and calls again, which is the call that counts
            throw e;
        }
    }

    /** {@link LuaScript#run} calls through the byte API (the String API decodes replies with streams). */
    @Override
    public Object evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args) {
        count();
        try {
            return super.evalsha(sha1, keys, args);
        } catch (redis.clients.jedis.exceptions.JedisNoScriptException e) {
            calls--;
            throw e;
        }
    }

    private void count() {
        if (++calls >= haltAt) {
            throw new Halt();
        }
    }
}
