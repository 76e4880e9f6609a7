package io.sideline.ee.redis;

import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SharedUnits: the shared functions a script gets, and those it makes only on its rare paths ({@code -- lazy:}). */
class SharedUnitsTest {

    private static final String SHARED = """
            -- doubles
            local function twice(n)
              return 2 * n
            end
            -- the rare one
            local function rare_sum(a, b)
              return twice(a) + b
            end
            local function unused(x)
              return x
            end
            """;

    private final RedisClient redis = RedisClient.create(java.net.URI.create(TestRedis.url()));

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aLazyFunctionIsMadeOnlyByDefineLazyAndWorksOnceMade() {
        String body = "-- lazy: rare_sum\nif ARGV[1] == 'rare' then\n  define_lazy()\n  define_lazy()\n"
                + "  return rare_sum(1, 2)\nend\nif ARGV[1] == 'early' then\n  return rare_sum(1, 2)\nend\n"
                + "return twice(5)\n";
        String source = SharedUnits.neededBy(body, SHARED) + body;

        assertTrue(source.contains("local function twice("), "a function the plain path calls stays a local function");
        assertFalse(source.contains("local function rare_sum("), "not made on every call");
        assertFalse(source.contains("unused"), "what the script does not name is left out");
        assertEquals(10L, redis.eval(source, List.of(), List.of("plain")), "the plain path never makes it");
        assertEquals(4L, redis.eval(source, List.of(), List.of("rare")), "made on its path, calling a shared one");
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> redis.eval(source, List.of(), List.of("early")));
        assertTrue(e.getMessage().contains("rare_sum"), "called before define_lazy(): nil, " + e.getMessage());
    }

    @Test
    void aFunctionTheScriptMakesLazyMayNotBeCalledByOneItMakesOnEveryCall() {
        // twice is called by rare_sum: making twice lazy would leave rare_sum calling nil before define_lazy()
        String body = "-- lazy: twice\nreturn rare_sum(1, 2)\n";

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedUnits.neededBy(body, SHARED));
        assertTrue(e.getMessage().contains("rare_sum calls twice"), e.getMessage());
    }

    @Test
    void aLazyNameThatIsNoSharedFunctionIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedUnits.neededBy("-- lazy: nothing_here\nreturn twice(1)\n", SHARED));
        assertTrue(e.getMessage().contains("nothing_here"), e.getMessage());
    }
}
