package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script declares every key it touches in KEYS. The tests' {@code _prelude.lua} (on the test classpath) is
 * prepended to every script and fails a command on a key that is not in KEYS, so each script contract test
 * ({@code *ScriptTest}) and every engine test (workflows, templates, the reaper, the scheduler) runs its scripts
 * through that check. This class shows the check is in place and bites.
 */
class DeclaredKeysTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyScriptRunsBehindTheKeyCheck() throws Exception {
        for (String name : List.of("launch", "launch_many", "push", "complete", "fail", "promote", "reap", "requeue",
                "extend_ttl", "countdown", "enqueue_plan", "ack", "stage", "launch_staged", "drain", "discard",
                "count_jobs")) {
            assertTrue(LuaScript.load(name).source().startsWith("-- _prelude.lua (tests only"), name);
        }
    }

    @Test
    void aKeyMissingFromKeysFailsTheScriptAndWritesNothing() {
        LuaScript probe = LuaScript.load("undeclared_probe");
        String key = f.prefix + "undeclared";

        RuntimeException e = assertThrows(RuntimeException.class, () -> probe.run(f.redis, List.of(), List.of(key)));

        assertTrue(String.valueOf(e.getMessage()).contains("key check: undeclared key " + key + " in SET"), e.toString());
        assertFalse(f.redis.exists(key));
    }

    @Test
    void theSameKeyDeclaredPasses() {
        LuaScript probe = LuaScript.load("undeclared_probe");
        String key = f.prefix + "declared";

        assertEquals("OK", probe.run(f.redis, List.of(key), List.of(key)));

        assertEquals("x", f.redis.get(key));
    }
}
