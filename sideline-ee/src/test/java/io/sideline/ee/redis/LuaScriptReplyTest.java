package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LuaScript.run sends what Jedis' String API sends and returns what it returns: the same script and arguments run
 * both ways against the test Redis give equal replies, whatever their shape.
 */
class LuaScriptReplyTest {

    private static final String SHAPES = """
            local t = {}
            for i, k in ipairs(KEYS) do t[#t + 1] = k end
            for i, a in ipairs(ARGV) do t[#t + 1] = a end
            t[#t + 1] = 42
            t[#t + 1] = {'nested', {1, 'deeper', {}}, {}}
            t[#t + 1] = {ok = 'FINE'}
            t[#t + 1] = redis.error_reply('ERR inner failure')
            t[#t + 1] = false
            t[#t + 1] = 'last'
            if ARGV[1] == 'scalar' then return 'just text' end
            if ARGV[1] == 'number' then return -7 end
            if ARGV[1] == 'empty' then return {} end
            if ARGV[1] == 'nil' then return nil end
            return t
            """;

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void sameReplyBothWays(List<String> keys, List<String> args) {
        LuaScript script = LuaScript.ofSource("reply_shapes", SHAPES);
        Object ours = script.run(f.redis, keys, args);
        Object jedis = f.redis.evalsha(sha(script), keys, args); // the String API the library called before
        assertEquals(normalized(jedis), normalized(ours), "args " + args);
    }

    private static String sha(LuaScript script) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(script.source().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Error replies inside an array are exception objects (no equals): compared by class and message. */
    private static Object normalized(Object reply) {
        if (reply instanceof List<?> list) {
            return list.stream().map(LuaScriptReplyTest::normalized).toList();
        }
        if (reply instanceof JedisDataException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
        return reply;
    }

    @Test
    void nestedArraysIntegersStatusErrorsAndNilsComeBackAsJedisDecodesThem() {
        String k = f.prefix + "k";
        sameReplyBothWays(List.of(k + "1", k + "é"), List.of("plain", "{\"json\":\"é ✓ 😀\"}", "", "12345678901234567890"));
        Object reply = LuaScript.ofSource("reply_shapes", SHAPES).run(f.redis, List.of(k), List.of("x"));
        List<?> list = assertInstanceOf(List.class, reply);
        assertEquals(List.of(k, "x", 42L, List.of("nested", List.of(1L, "deeper", List.of()), List.of()), "FINE"),
                list.subList(0, 5));
        assertInstanceOf(JedisDataException.class, list.get(5));
        assertEquals(Arrays.asList(null, "last"), list.subList(6, 8));
    }

    @Test
    void scalarEmptyAndNilRepliesComeBackAsJedisDecodesThem() {
        for (String shape : List.of("scalar", "number", "empty", "nil")) {
            sameReplyBothWays(List.of(f.prefix + "k"), List.of(shape));
        }
        assertEquals("just text", LuaScript.ofSource("reply_shapes", SHAPES).run(f.redis, List.of(), List.of("scalar")));
        assertEquals(-7L, LuaScript.ofSource("reply_shapes", SHAPES).run(f.redis, List.of(), List.of("number")));
    }

    @Test
    void argumentsReachTheScriptByteForByte() {
        String text = "é ✓ 😀 \u0000 \"quoted\" \\";
        LuaScript echo = LuaScript.ofSource("echo_bytes", "return {string.len(ARGV[1]), ARGV[1], KEYS[1]}");
        Object reply = echo.run(f.redis, List.of(f.prefix + "ключ"), List.of(text));
        assertEquals(List.of((long) text.getBytes(StandardCharsets.UTF_8).length, text, f.prefix + "ключ"), reply);
    }

    @Test
    void anUnknownScriptIsLoadedAndAnErrorReplyIsTranslated() {
        LuaScript fresh = LuaScript.ofSource("fresh_" + f.prefix, "return ARGV[1] .. '" + f.prefix + "'");
        f.redis.scriptFlush();
        assertEquals("a" + f.prefix, fresh.run(f.redis, List.of(), List.of("a")), "NOSCRIPT: loaded, then run");
        LuaScript failing = LuaScript.ofSource("failing", "return redis.error_reply('ERR no such thing')");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> failing.run(f.redis, List.of(), List.of()));
        assertTrue(e.getMessage().startsWith("Redis refused to run failing.lua: ERR no such thing"), e.getMessage());
    }
}
