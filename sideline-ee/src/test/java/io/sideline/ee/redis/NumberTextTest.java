package io.sideline.ee.redis;

import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text forms _common.lua hands to Redis instead of Lua numbers (which redis.call formats with snprintf): now_ms_text,
 * built from TIME's two strings, and int_text. Each must give exactly what the number form gave, or the scripts would
 * write other bytes than before.
 */
class NumberTextTest {

    private final RedisClient redis = RedisClient.create(java.net.URI.create(TestRedis.url()));

    @AfterEach
    void close() {
        redis.close();
    }

    /** Runs {@code body} with the _common units it names, as a script would get them. */
    private Object eval(String body, String... args) {
        return redis.eval(SharedUnits.neededBy(body, common()) + body, List.of(), List.of(args));
    }

    private static String common() {
        try (InputStream in = LuaScript.class.getResourceAsStream("_common.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nowTextIsTheMillisecondsNowMsComputesForEveryWidthOfTheMicroseconds() {
        // now_ms's own arithmetic on the same two strings, formatted as redis.call formats a Lua number
        String body = "local n = tonumber(ARGV[1]) * 1000 + math.floor(tonumber(ARGV[2]) / 1000)\n"
                + "local text, seconds = now_ms_text({ARGV[1], ARGV[2]})\n"
                + "return {text, string.format('%.17g', n), seconds}\n";
        for (String us : List.of("0", "5", "999", "1000", "5023", "99999", "100000", "999999")) {
            List<?> out = (List<?>) eval(body, "1796450474", us);
            long expected = 1796450474L * 1000 + Long.parseLong(us) / 1000;
            assertEquals(Long.toString(expected), out.get(0), "text form for " + us + " us");
            assertEquals(out.get(1), out.get(0), "the same bytes as the number form, for " + us + " us");
            assertEquals("1796450474", out.get(2), "its seconds, as TIME gave them");
        }
    }

    @Test
    void nowTextOfRedisOwnClockIsTheNumberFormOfTheSameInstant() {
        String body = "local t = redis.call('TIME')\n"
                + "return {now_ms_text(), string.format('%.17g', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))}\n";
        List<?> out = (List<?>) eval(body);
        String text = (String) out.get(0);
        assertEquals(13, text.length(), text);
        long number = Long.parseLong((String) out.get(1));
        // two TIME calls in one script: the clock may have moved by a millisecond between them, never back
        long diff = Long.parseLong(text) - number;
        assertTrue(diff >= 0 && diff <= 1, text + " against " + number);
    }

    @Test
    void intTextIsWhatRedisCallMadeOfTheNumber() {
        // redis.call formats a Lua number argument with '%.17g': int_text must give the same bytes, whatever it gets
        String body = "local out = {}\n"
                + "for _, n in ipairs({0, 1, 2, 5, 9, 10, 11, 13, 99, 1000, 123456789, 1796450474553, -1, -12, 1.5, 9.5,"
                + " 0.25, 1e15, 2^53, -1e16}) do\n"
                + "  out[#out + 1] = {tostring(type(int_text(n)) == 'string' and int_text(n) or 'number ' .. string.format('%.17g', n)),"
                + " string.format('%.17g', n)}\n"
                + "end\n"
                + "return out\n";
        List<?> out = (List<?>) eval(body);
        assertEquals(20, out.size());
        for (Object pair : out) {
            List<?> sides = (List<?>) pair;
            String made = (String) sides.get(0);
            String formatted = (String) sides.get(1);
            assertEquals(made.startsWith("number ") ? "number " + formatted : formatted, made);
        }
        assertEquals(List.of("7", "13", "number 1.5"), eval("return {int_text(7), int_text(13), "
                + "type(int_text(1.5)) == 'number' and 'number ' .. int_text(1.5) or 'text'}"));
    }
}
