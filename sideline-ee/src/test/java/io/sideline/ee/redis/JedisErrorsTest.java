package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JedisErrors: what a Redis error becomes outside the redis package (real error replies from a real Redis). */
class JedisErrorsTest {

    private final RedisClient redis = RedisClient.create(java.net.URI.create(TestRedis.url()));

    @AfterEach
    void close() {
        redis.close();
    }

    private Object reply(String error) {
        return JedisErrors.call("run a test script", () -> redis.eval("return redis.error_reply(ARGV[1])", 0, error));
    }

    @Test
    void aRedisThatCannotServeUsForNowIsUnavailable() {
        for (String error : new String[]{"OOM command not allowed when used memory > 'maxmemory'.",
                "READONLY You can't write against a read only replica.", "LOADING Redis is loading the dataset in memory",
                "NOPERM this user has no permissions to access one of the keys used as arguments"}) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> reply(error), error);
            assertTrue(e.getMessage().contains("run a test script") && e.getMessage().contains(error.split(" ")[0]),
                    e.getMessage());
        }
    }

    @Test
    void anyOtherErrorIsADefectNamedWithItsStep() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reply("ERR run exists: run-1"));
        assertEquals("Redis refused to run a test script: ERR run exists: run-1", e.getMessage());
    }

    @Test
    void aRealCommandErrorIsTranslatedToo() {
        redis.set("guard-test:string", "x");
        try {
            assertThrows(IllegalStateException.class, () -> JedisErrors.call("push", () -> redis.lpush("guard-test:string", "y")));
        } finally {
            redis.del("guard-test:string");
        }
    }

    /**
     * A client whose pool is closed (a server stopping while a job still finishes) cannot reach Redis: that is an
     * outage to ride out, not a defect that would bury the job as an "internal error".
     */
    @Test
    void aClosedConnectionPoolIsUnavailableNotADefect() {
        RedisClient closed = RedisClient.create(java.net.URI.create(TestRedis.url()));
        closed.close();
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                () -> JedisErrors.call("complete a job", closed::ping));
        assertTrue(e.getMessage().contains("complete a job"), e.getMessage());
    }
}
