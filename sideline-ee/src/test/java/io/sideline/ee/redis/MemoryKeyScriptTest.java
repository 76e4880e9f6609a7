package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A completion declares the run's memory only where it may touch it: when the job wrote output, or when its walk may
 * reach the run's root (the end clears or collects the memory). Every other step passes one key less.
 */
class MemoryKeyScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Completion complete(String payload, String jid, Map<String, String> output, boolean clearOnSuccess,
                                ScriptArgs.Level... levels) {
        ScriptArgs.Memory memory = new ScriptArgs.Memory(f.memoryKey, 120, clearOnSuccess, output);
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, payload, jid, "run-1", true, memory, null,
                List.of(levels)), ScriptFixture.TTLS);
    }

    /** The completion calls of the block, as MONITOR prints them. */
    private static List<String> completions(CommandLog commands, String jid) {
        return commands.mentioning(jid).stream().filter(c -> c.contains("\"EVALSHA\"")).toList();
    }

    @Test
    void aStepThatWritesNothingAndCannotEndTheRunDoesNotDeclareTheMemory() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        List<String> calls;
        try (CommandLog commands = new CommandLog()) {
            assertEquals(Completion.done(0, null, false), complete(a, "jA", Map.of(), false,
                    new ScriptArgs.Level("g", null, false)));
            calls = completions(commands, "jA");
        }
        assertEquals(1, calls.size(), calls.toString());
        assertFalse(calls.get(0).contains(f.memoryKey), "no memory key: " + calls.get(0));
    }

    @Test
    void aStepThatWritesOutputDeclaresTheMemory() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        List<String> calls;
        try (CommandLog commands = new CommandLog()) {
            complete(a, "jA", Map.of("doc", "1"), false, new ScriptArgs.Level("g", null, false));
            calls = completions(commands, "jA");
        }
        assertTrue(calls.get(0).contains(f.memoryKey), calls.get(0));
        assertEquals(Map.of("doc", "1"), f.redis.hgetAll(f.memoryKey));
    }

    @Test
    void theStepThatEndsTheRunClearsTheMemoryThoughItWroteNothing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        f.redis.hset(f.memoryKey, "doc", "1"); // written by an earlier step
        String a = payload("jA", "default");
        f.fetched(a);

        assertEquals(Completion.done(1, null, true), complete(a, "jA", Map.of(), true,
                new ScriptArgs.Level("root", null, true)));

        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertFalse(f.redis.exists(f.memoryKey), "cleared with the run's success");
    }
}
