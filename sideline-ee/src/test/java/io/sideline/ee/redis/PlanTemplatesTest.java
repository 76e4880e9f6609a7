package io.sideline.ee.redis;

import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The members of a group share their continuation's written plan, each with its own call's key positions. */
class PlanTemplatesTest {

    private static final String RUN = "run-1";
    private final RedisKeys keys = new RedisKeys("sideline:");

    private static Plan planOf(String payload) {
        return new Plan(List.of(new Plan.BarrierSpec("b-next", 1, false, Continuation.NONE, false, RUN)),
                List.of(new Plan.PlannedJob("default", 0, payload, new Plan.PlannedJob.Node(RUN, 11, "jid-f"))));
    }

    private KeyList member(String memory, String prefetchQueue) {
        KeyList declared = new KeyList();
        declared.add(keys.inProgress("w1"));
        declared.add(keys.barrier("group"));
        declared.add(keys.barrier("chain"));
        if (memory != null) {
            declared.add(keys.memory(memory));
        }
        if (prefetchQueue != null) {
            declared.add(keys.queue(prefetchQueue));
        }
        return declared;
    }

    @Test
    void eachMemberGetsThePlanWithItsOwnKeyPositions() {
        PlanTemplates templates = new PlanTemplates(keys);
        Plan plan = planOf("{\"class\":\"F\"}");
        for (KeyList call : List.of(member(null, null), member(RUN, null), member(RUN, "default"), member(null, "other"))) {
            KeyList direct = new KeyList();
            call.keys().forEach(direct::add);
            ArgTail expectedTail = new ArgTail(12);
            String expected = ReferencePlanEncoder.encode(plan, RUN, keys, direct, expectedTail);
            ArgTail tail = new ArgTail(12);
            assertEquals(expected, templates.encode("chain", plan, RUN, call, tail));
            assertEquals(direct.keys(), call.keys());
            assertEquals(List.of("{\"class\":\"F\"}"), tail.args(), "the payload travels in the call's tail");
            assertEquals(expectedTail.args(), tail.args());
        }
        assertEquals(1, templates.size(), "one template for the barrier");
    }

    @Test
    void anotherPlanForTheSameBarrierIsWrittenAfreshAndARelease() {
        PlanTemplates templates = new PlanTemplates(keys);
        ArgTail firstTail = new ArgTail(12);
        templates.encode("chain", planOf("{\"class\":\"F\",\"trace\":1}"), RUN, member(null, null), firstTail);
        ArgTail otherTail = new ArgTail(12);
        String other = templates.encode("chain", planOf("{\"class\":\"F\",\"trace\":2}"), RUN, member(null, null), otherTail);
        assertNotEquals(firstTail.args(), otherTail.args(), "a member that planned its own (traced) plan carries its own");
        ArgTail expectedTail = new ArgTail(12);
        assertEquals(ReferencePlanEncoder.encode(planOf("{\"class\":\"F\",\"trace\":2}"), RUN, keys, member(null, null),
                expectedTail), other);
        assertEquals(expectedTail.args(), otherTail.args());
        templates.released("chain");
        assertEquals(0, templates.size(), "a released group's plan is forgotten");
    }
}
