package io.sideline.ee.redis;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.Planner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan a script call carries is the same text, and the call the same KEYS, whether the plan is written straight
 * into the call (session 7's encoder, {@link ReferencePlanEncoder}) or filled in from a template made once, whatever
 * keys the call declared before it: a group's members share one template.
 */
class PlanEncoderTest {

    private static final String RUN = "8f14e45f-ceea-467f-a0e6-0a1e5b0b6a21";
    private final RedisKeys keys = new RedisKeys("sideline:");
    private final Planner planner = new Planner(new WorkflowJson()::format, new ArgsJson(), new PayloadCodec(), "default",
            () -> 1_700_000_000_000L, 1024 * 1024);

    private List<Plan> plans() {
        Step wf14 = Chain.of(Job.named("A", "a"), Job.named("B", 1L), Job.named("C", "c\"\\\u0001\u00e9"),
                Group.of(Job.named("G0"), new Job("G1", List.of("x"), "other"), new WithDelay(Job.named("G2"), 5_000)),
                Job.named("F"));
        Plan run = planner.planRun(RUN, wf14);
        List<Plan> plans = new ArrayList<>();
        plans.add(run);
        plans.add(run.withCallbacks("{\"on_success\":{\"class\":\"Cb\",\"args\":[]}}").withOnFailure("continue"));
        plans.add(planner.planContinuation(RUN, Group.of(Job.named("G0"), Job.named("G1"), Job.named("G2")),
                List.of("root", "chain-1"), 3));
        plans.add(planner.planChainStep(RUN, Job.named("B"), new ChainRef("chain-1", 0, 3), List.of("root"), 1));
        plans.add(planner.planChainStep(RUN, new WithDelay(Job.named("F"), 10), new ChainRef("chain-1", 2, 3),
                List.of("root"), -1));
        plans.add(new Plan(List.of(), List.of(new Plan.PlannedJob("default", 0, "{\"class\":\"Plain\"}"))));
        return plans;
    }

    /** KEYS a completion declares before its plans: none, complete.lua's fixed five, or those and keys the plan names. */
    private List<Supplier<KeyList>> callsSoFar() {
        return List.of(KeyList::new, () -> {
            KeyList declared = new KeyList();
            declared.addAt(1, keys.inProgress("w1"));
            declared.addAt(2, keys.run(RUN));
            declared.addAt(3, keys.running());
            declared.addAt(4, keys.schedule());
            declared.addAt(5, keys.queues());
            return declared;
        }, () -> {
            KeyList declared = new KeyList();
            declared.add(keys.barrier("root"));
            declared.add(keys.memory(RUN));
            declared.add(keys.queue("other")); // a prefetch queue that a job of the plan also names
            declared.add(keys.collector());
            return declared;
        });
    }

    @Test
    void aFilledTemplateIsByteForByteWhatTheCallCarriedBefore() {
        for (Plan plan : plans()) {
            for (String runId : new String[] {null, RUN}) {
                PlanEncoder.Template template = PlanEncoder.template(plan, runId, keys);
                for (Supplier<KeyList> call : callsSoFar()) {
                    KeyList before = call.get();
                    String expected = ReferencePlanEncoder.encode(plan, runId, keys, before);
                    KeyList now = call.get();
                    assertEquals(expected, template.fill(now), () -> "plan " + plan);
                    assertEquals(before.keys(), now.keys(), "the same KEYS in the same order");
                    KeyList direct = call.get();
                    assertEquals(expected, PlanEncoder.encode(plan, runId, keys, direct));
                    assertEquals(Set.copyOf(before.keys()).size(), before.keys().size());

                    // a tailed plan: the same KEYS, and its payloads and chain steps in the call's tail
                    KeyList referenceKeys = call.get();
                    ArgTail referenceTail = new ArgTail(20);
                    String tailed = ReferencePlanEncoder.encode(plan, runId, keys, referenceKeys, referenceTail);
                    KeyList tailedKeys = call.get();
                    ArgTail tail = new ArgTail(20);
                    assertEquals(tailed, PlanEncoder.tailed(plan, runId, keys, 0).fill(tailedKeys, tail));
                    assertEquals(referenceKeys.keys(), tailedKeys.keys());
                    assertEquals(referenceTail.args(), tail.args());
                    assertEquals(plan.jobs().size() + plan.chains().stream().mapToInt(c -> c.steps().size()).sum(),
                            tail.args().size(), "every payload and chain step travels in the tail");
                    assertFalse(plan.jobs().stream().anyMatch(j -> tailed.contains(j.payload())), tailed);
                }
            }
        }
    }

    @Test
    void aStageChunksChainStepsTravelInTheTailAndItsJobsInsideThePlan() {
        for (Plan plan : plans()) {
            for (String runId : new String[] {null, RUN}) {
                KeyList inside = new KeyList();
                String whole = PlanEncoder.encode(plan, runId, keys, inside);
                KeyList declared = new KeyList();
                ArgTail tail = new ArgTail(7);
                String text = PlanEncoder.encodeStepsTailed(plan, runId, keys, declared, tail);

                assertEquals(inside.keys(), declared.keys(), "the same KEYS in the same order");
                assertEquals(plan.chains().stream().flatMap(c -> c.steps().stream()).toList(), tail.args(),
                        "every chain step, in order, and nothing else");
                if (plan.chains().isEmpty()) {
                    assertEquals(whole, text, "a plan without chains is written as before");
                } else {
                    assertFalse(text.contains("\"steps\""), text);
                    assertTrue(text.length() < whole.length(), "the steps left the plan: " + text);
                }
            }
        }
    }
}
