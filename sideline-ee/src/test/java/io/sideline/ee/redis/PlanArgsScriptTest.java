package io.sideline.ee.redis;

import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A launch's and a release's payloads and chain steps travel as arguments of their own, which the plan names by
 * position (PlanEncoder.tailed, ArgTail, apply_plan): whatever characters they hold, Redis stores exactly the bytes the
 * client sends for them.
 */
class PlanArgsScriptTest {

    /** One, two, three and four UTF-8 bytes, a lone surrogate (sent as '?'), a newline, quotes and a backslash. */
    private static final String ODD = "a\u00e9\u20ac\ud83d\ude00\ud800\n\"\\";

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static String oddPayload(String jid) {
        return "{\"class\":\"T\",\"args\":[\"" + ODD + "\"],\"jid\":\"" + jid + "\",\"queue\":\"default\"}";
    }

    /** What Redis holds for {@code text}: its bytes as the client encodes them. */
    private static String asSent(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void aLaunchStoresItsChainStepsAndEnqueuesItsJobByteForByte() {
        String step = "{\"job\":\"B\",\"args\":[\"" + ODD + "\"]}";
        f.launch("run-1", new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1")),
                List.of(new Plan.PlannedJob("default", 0, oddPayload("jA"))),
                List.of(new Plan.ChainSpec("ch1", List.of(step, "{\"job\":\"C\"}"))), new TreeSet<>(), null, null), 3);

        assertEquals(List.of(asSent(step), "{\"job\":\"C\"}"), f.redis.lrange(f.keys.chain("ch1"), 0, -1));
        assertEquals(List.of(asSent(oddPayload("jA"))), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }

    @Test
    void aReleaseEnqueuesItsContinuationsJobsByteForByte() {
        f.launch("run-1", new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1"),
                new Plan.BarrierSpec("c1", 1, false, Continuation.parse("{\"group\":[{\"job\":\"G\"}]}"), false, "run-1")),
                List.of()), 4);
        String first = ScriptFixture.payload("jA", "default");
        f.fetched(first);

        f.complete(first, "jA", "c1", new Plan(List.of(new Plan.BarrierSpec("g1", 3, true, Continuation.NONE, false,
                "run-1")), List.of(new Plan.PlannedJob("default", 0, oddPayload("g0")),
                new Plan.PlannedJob("default", 0, oddPayload("g1")), new Plan.PlannedJob("other", 0, oddPayload("g2")))));

        assertEquals(List.of(asSent(oddPayload("g1")), asSent(oddPayload("g0"))),
                f.redis.lrange(f.keys.queue("default"), 0, -1), "LPUSHed in plan order");
        assertEquals(List.of(asSent(oddPayload("g2"))), f.redis.lrange(f.keys.queue("other"), 0, -1));
        assertEquals(java.util.Set.of("default", "other"), f.redis.smembers(f.keys.queues()));
    }
}
