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
 * The text forms _common.lua hands to Redis instead of Lua numbers (which redis.call formats with snprintf, and tonumber
 * parses with strtod): now_ms_text's builder from TIME's two strings, int_text, and arg_int. Each must give exactly what
 * the number form gave, or the scripts would write other bytes than before.
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
                + "return {ms_text(ARGV[1], ARGV[2]), string.format('%.17g', n)}\n";
        for (String us : List.of("0", "5", "999", "1000", "5023", "99999", "100000", "999999")) {
            List<?> both = (List<?>) eval(body, "1796450474", us);
            long expected = 1796450474L * 1000 + Long.parseLong(us) / 1000;
            assertEquals(Long.toString(expected), both.get(0), "text form for " + us + " us");
            assertEquals(both.get(1), both.get(0), "the same bytes as the number form, for " + us + " us");
        }
    }

    @Test
    void nowTextOfRedisOwnClockHasNoLeadingZeroAndNoExponent() {
        String body = "local t = redis.call('TIME')\n"
                + "return {now_ms_text(), string.format('%.17g', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)), t[1]}\n";
        List<?> out = (List<?>) eval(body);
        String text = (String) out.get(0);
        assertEquals(13, text.length(), text);
        assertEquals(out.get(2), text.substring(0, 10), "its seconds are TIME's own");
        long number = Long.parseLong((String) out.get(1));
        // two TIME calls in one script: the clock may have moved by a millisecond between them, never back
        long diff = number - Long.parseLong(text);
        assertTrue(diff >= 0 && diff <= 1, text + " against " + number);
    }

    @Test
    void intTextIsWhatRedisCallMadeOfTheNumber() {
        String body = "local out = {}\n"
                + "for _, n in ipairs({0, 1, 2, 9, 10, 11, 99, 1000, 123456789, 1796450474553}) do\n"
                + "  out[#out + 1] = int_text(n) .. '=' .. string.format('%.17g', n)\n"
                + "end\n"
                + "return out\n";
        for (Object pair : (List<?>) eval(body)) {
            String[] sides = ((String) pair).split("=");
            assertEquals(sides[1], sides[0]);
        }
    }

    @Test
    void argIntReadsEveryArgumentAsTonumberDoes() {
        String body = "local out = {}\n"
                + "for i, s in ipairs(ARGV) do\n"
                + "  local a, t = arg_int(s), tonumber(s)\n"
                + "  out[i] = (a == t) and 'same' or (s .. ': ' .. tostring(a) .. ' against ' .. tostring(t))\n"
                + "end\n"
                + "return out\n";
        String[] args = {"0", "7", "9", "10", "12", "99", "100", "131", "999", "1000", "65535", "05", "007", "",
                "x", "1x", "x1", "12x", "-1", " 1", "1 ", "1.5", "1e2", "0x10", ":", "/", "9:"};
        List<?> out = (List<?>) eval(body, args);
        for (int i = 0; i < args.length; i++) {
            assertEquals("same", out.get(i), "'" + args[i] + "'");
        }
    }

    @Test
    void argIntGivesTheNumbers() {
        assertEquals(List.of(0L, 7L, 42L, 131L, 1234L), eval("return {arg_int('0'), arg_int('7'), arg_int('42'), "
                + "arg_int('131'), arg_int('1234')}"));
    }
}
