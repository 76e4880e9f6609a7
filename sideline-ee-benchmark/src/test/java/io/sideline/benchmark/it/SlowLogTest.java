package io.sideline.benchmark.it;

import io.sideline.ee.redis.LuaScript;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlowLogTest {

    @Test
    void aScriptOfOursIsNamedByItsFileAndAnUnknownShaByItsPrefix() throws Exception {
        String stage = sha1OfLoaded("stage");
        assertEquals("EVALSHA stage", SlowLog.named("EVALSHA", List.of("EVALSHA", stage, "3")));
        assertEquals("EVALSHA 0123abcd", SlowLog.named("EVALSHA", List.of("EVALSHA", "0123abcd0123abcd0123abcd0123abcd0123abcd")));
        assertEquals("HSET", SlowLog.named("HSET", List.of("HSET", "k", "f", "v")));
    }

    @Test
    void aScenariosFigureIsItsMedianPassSoAPauseInOnePassDoesNotMakeIt() {
        var typical = SlowLog.typical(List.of(new SlowLog.Slowest(4_500, "EVALSHA complete_alone"),
                new SlowLog.Slowest(310, "EVALSHA push"), new SlowLog.Slowest(290, "EVALSHA push")));
        assertEquals(310, typical.getJsonNumber("max_redis_command_us").longValue());
        assertEquals("EVALSHA push", typical.getString("max_redis_command"));
        assertEquals(List.of(4_500L, 310L, 290L), typical.getJsonArray("passes_us").getValuesAs(
                jakarta.json.JsonNumber.class).stream().map(jakarta.json.JsonNumber::longValue).toList(), "every pass, in order");
    }

    /** The SHA Redis logs for a script of ours: that of the text the library sends (its shared functions included). */
    private static String sha1OfLoaded(String name) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                LuaScript.load(name).source().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
