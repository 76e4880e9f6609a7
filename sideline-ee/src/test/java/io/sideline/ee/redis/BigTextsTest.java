package io.sideline.ee.redis;

import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain step or a continuation longer than {@link BigTexts#LIMIT} characters (a step that is a big group) never
 * rides in a script call: it is written in parts into the run's graph hash first, the plan carries a reference, and
 * the barrier store reads the text back whole. Redis makes every script argument a Lua string: a 1.6 MB argument
 * alone held a call 2-8 ms on this box, one also pushed to a list 12-19 ms (docs/performance.md, session 15).
 */
class BigTextsTest {

    private final ScriptFixture f = new ScriptFixture();
    private final BarrierStore store = new RedisBarrierStore(f.redis, f.scripts, f.keys);

    @AfterEach
    void close() {
        f.close();
    }

    /** A workflow tree of about {@code chars} characters, with characters outside ASCII and the BMP in it. */
    private static String tree(String tag, int chars) {
        StringBuilder out = new StringBuilder("{\"group\":[");
        for (int i = 0; out.length() < chars; i++) {
            out.append(i == 0 ? "" : ",").append("{\"job\":\"Rec\",\"args\":[\"").append(tag).append(i)
                    .append(" é \uD83D\uDE00\"]}");
        }
        return out.append("]}").toString();
    }

    /** run-1: a root barrier, a group barrier whose continuation is {@code continuation}, and a stored chain. */
    private static Plan plan(String continuation, List<String> steps) {
        return new Plan(List.of(
                new Plan.BarrierSpec("root", 1, true, Continuation.NONE, true, "run-1"),
                new Plan.BarrierSpec("g", 2, false, new Continuation.Tree(continuation), false, "run-1"),
                new Plan.BarrierSpec("c", 1, false, new ChainRef("chain-1", 0, steps.size()), false, "run-1")),
                List.of(new Plan.PlannedJob("default", 0, ScriptFixture.payload("j1", "default"))),
                List.of(new Plan.ChainSpec("chain-1", steps)));
    }

    @Test
    void aPlanWithoutLongTextsIsCarriedAsItIsAndWritesNothing() {
        f.scripts.textsInParts(() -> true);
        Plan plan = plan(tree("a", 1_000), List.of(tree("b", BigTexts.LIMIT - 100), "{\"job\":\"Z\"}"));

        assertSame(plan, f.scripts.carried(plan, "run-1", 60), "the same plan: a group's template cache keeps it");
        assertFalse(f.redis.exists(f.keys.nodes("run-1")));
    }

    @Test
    void aLongContinuationAndALongChainStepAreStoredInPartsAndReadBackWhole() {
        f.scripts.textsInParts(() -> true);
        String continuation = tree("g", 3 * BigTexts.LIMIT + 17);
        String step = tree("h", BigTexts.LIMIT + 1);
        Plan plan = plan(continuation, List.of("{\"job\":\"A\"}", step, "{\"job\":\"Z\"}"));
        int longest;
        try (CommandLog log = new CommandLog()) {
            f.launch("run-1", f.scripts.carried(plan, "run-1", 600), 1);
            longest = log.mentioning("EVALSHA").stream().mapToInt(String::length).max().orElse(0);
        }

        assertTrue(longest < BigTexts.LIMIT, "the launch call carried " + longest + " characters");
        assertEquals(continuation, store.stored("g").orElseThrow().continuation().text());
        assertEquals(continuation, store.continuation("g").orElseThrow().text());
        assertEquals(step, store.chainStep(new ChainRef("chain-1", 1, 3)).orElseThrow());
        assertEquals("{\"job\":\"A\"}", store.chainStep(new ChainRef("chain-1", 0, 3)).orElseThrow());
        assertTrue(f.redis.hget(f.keys.barrier("g"), "continuation").startsWith(BigTexts.MARKER));
        assertTrue(f.redis.ttl(f.keys.nodes("run-1")) > 0, "the parts have the run's lease");
    }

    @Test
    void whileAWorkerOfAnEarlierReleaseIsRegisteredALongTextTravelsAsBefore() {
        f.scripts.textsInParts(() -> false);
        String continuation = tree("g", BigTexts.LIMIT + 1);
        Plan plan = plan(continuation, List.of("{\"job\":\"A\"}", "{\"job\":\"Z\"}"));

        Plan carried = f.scripts.carried(plan, "run-1", 600);
        f.launch("run-1", carried, 1);

        assertSame(plan, carried);
        assertEquals(continuation, f.redis.hget(f.keys.barrier("g"), "continuation"), "as an earlier release reads it");
    }

    @Test
    void aReferenceWhosePartsAreGoneReadsAsAMissingBarrier() {
        f.scripts.textsInParts(() -> true);
        f.launch("run-1", f.scripts.carried(plan(tree("g", BigTexts.LIMIT + 1), List.of("{\"job\":\"A\"}",
                "{\"job\":\"Z\"}")), "run-1", 600), 1);
        f.redis.del(f.keys.nodes("run-1")); // expired with the run

        assertTrue(store.stored("g").isEmpty());
    }
}
