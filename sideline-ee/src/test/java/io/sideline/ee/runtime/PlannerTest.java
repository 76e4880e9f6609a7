package io.sideline.ee.runtime;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Planner: dramatiq-workflow's run algorithm, checked on the plans it produces. */
class PlannerTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String RUN = "run-1";

    private final WorkflowJson workflowJson = new WorkflowJson();
    private final PayloadCodec codec = new PayloadCodec();
    private final Planner planner = new Planner(workflowJson::format, new ArgsJson(), codec, "default", () -> NOW, 1024 * 1024);

    private static Job job(String name) {
        return Job.named(name);
    }

    private JobPayload decode(Plan.PlannedJob planned) {
        return codec.decode(planned.payload());
    }

    private static Plan.BarrierSpec root(Plan plan) {
        List<Plan.BarrierSpec> roots = plan.barriers().stream().filter(Plan.BarrierSpec::root).toList();
        assertEquals(1, roots.size(), "exactly one root barrier");
        return roots.get(0);
    }

    private static List<Plan.BarrierSpec> nonRoot(Plan plan) {
        return plan.barriers().stream().filter(b -> !b.root()).toList();
    }

    @Test
    void aSingleJobCarriesOnlyTheRootBarrier() {
        Plan plan = planner.planRun(RUN, Job.named("A", 7L));

        assertEquals(1, plan.barriers().size());
        Plan.BarrierSpec root = root(plan);
        assertEquals(new Plan.BarrierSpec(root.id(), 1, false, Continuation.NONE, true, RUN), root);
        assertEquals(1, plan.jobs().size());
        Plan.PlannedJob planned = plan.jobs().get(0);
        assertEquals("default", planned.queue());
        assertEquals(0, planned.delayMs());
        JobPayload p = decode(planned);
        assertEquals("A", p.jobName());
        assertEquals("[7]", p.argsJson());
        assertEquals("default", p.queue());
        assertEquals(RUN, p.runId());
        assertEquals(List.of(root.id()), p.callbacks());
        assertEquals(NOW, p.createdAt());
        assertEquals(NOW, p.enqueuedAt(), "an undelayed job is enqueued now");
        assertTrue(p.retry());
        assertEquals(0, p.retryCount());
        assertNull(p.errorClass());
        assertEquals(24, p.jid().length());
    }

    @Test
    void aChainOfThreeEnqueuesOnlyItsHeadUnderABarrierThatRefersToTheRestStoredOnce() {
        Plan plan = planner.planRun(RUN, Chain.of(job("A"), job("B"), job("C")));

        Plan.BarrierSpec root = root(plan);
        List<Plan.BarrierSpec> chain = nonRoot(plan);
        assertEquals(1, chain.size());
        Plan.BarrierSpec c = chain.get(0);
        assertEquals(1, c.count());
        assertFalse(c.propagate(), "a chain barrier launches its continuation instead of propagating");
        assertEquals(RUN, c.runId());
        assertEquals(1, plan.chains().size(), "the rest of the chain is stored once");
        Plan.ChainSpec rest = plan.chains().get(0);
        assertEquals(List.of(workflowJson.format(job("B")), workflowJson.format(job("C"))), rest.steps());
        assertEquals(new ChainRef(rest.id(), 0, 2), c.continuation(), "the barrier refers to B, by index");

        assertEquals(1, plan.jobs().size(), "only the head is enqueued");
        JobPayload head = decode(plan.jobs().get(0));
        assertEquals("A", head.jobName());
        assertEquals(List.of(root.id(), c.id()), head.callbacks(), "bottom first: the root, then the chain");
    }

    @Test
    void aChainStepThatIsNotTheLastGetsABarrierReferringToTheNextAndTheLastCarriesTheChainsCallbacks() {
        ChainRef b = new ChainRef("ch-1", 0, 2);

        Plan middle = planner.planChainStep(RUN, job("B"), b, List.of("root"));
        Plan.BarrierSpec next = middle.barriers().get(0);
        assertEquals(b.next(), next.continuation());
        assertEquals(List.of("root", next.id()), decode(middle.jobs().get(0)).callbacks());
        assertTrue(middle.chains().isEmpty(), "nothing is stored again");

        Plan last = planner.planChainStep(RUN, job("C"), b.next(), List.of("root"));
        assertTrue(last.barriers().isEmpty());
        assertEquals(List.of("root"), decode(last.jobs().get(0)).callbacks());
    }

    @Test
    void theContinuationOfAChainOfTwoIsItsLastStepAlone() {
        Plan plan = planner.planRun(RUN, Chain.of(job("A"), job("B")));

        assertEquals(new Continuation.Tree(workflowJson.format(job("B"))), nonRoot(plan).get(0).continuation());
    }

    @Test
    void aGroupOfThreeCreatesAPropagatingBarrierOfThreeAndEnqueuesEveryMember() {
        Plan plan = planner.planRun(RUN, Group.of(job("A"), job("B"), job("C")));

        Plan.BarrierSpec root = root(plan);
        List<Plan.BarrierSpec> groups = nonRoot(plan);
        assertEquals(1, groups.size());
        Plan.BarrierSpec g = groups.get(0);
        assertEquals(new Plan.BarrierSpec(g.id(), 3, true, Continuation.NONE, false, RUN), g);
        assertEquals(List.of("A", "B", "C"), plan.jobs().stream().map(j -> decode(j).jobName()).toList());
        for (Plan.PlannedJob j : plan.jobs()) {
            assertEquals(List.of(root.id(), g.id()), decode(j).callbacks());
            assertEquals(0, j.delayMs());
        }
        assertEquals(3, plan.jobs().stream().map(j -> decode(j).jid()).distinct().count(), "every job has its own jid");
    }

    @Test
    void aGroupMemberThatIsAChainGetsItsOwnChainBarrierAboveTheGroup() {
        Plan plan = planner.planRun(RUN, Group.of(Chain.of(job("A"), job("B")), job("C")));

        Plan.BarrierSpec root = root(plan);
        Plan.BarrierSpec g = nonRoot(plan).stream().filter(Plan.BarrierSpec::propagate).findFirst().orElseThrow();
        Plan.BarrierSpec c = nonRoot(plan).stream().filter(b -> !b.propagate()).findFirst().orElseThrow();
        assertEquals(3, plan.barriers().size());
        assertEquals(2, g.count(), "the chain counts as one member of the group");
        assertEquals(1, c.count());
        assertEquals(new Continuation.Tree(workflowJson.format(job("B"))), c.continuation());

        assertEquals(2, plan.jobs().size());
        JobPayload a = decode(plan.jobs().get(0));
        JobPayload other = decode(plan.jobs().get(1));
        assertEquals("A", a.jobName());
        assertEquals(List.of(root.id(), g.id(), c.id()), a.callbacks());
        assertEquals("C", other.jobName());
        assertEquals(List.of(root.id(), g.id()), other.callbacks());
    }

    @Test
    void aChainWhoseHeadIsAGroupGivesTheGroupsBarrierTheChainsContinuation() {
        Plan plan = planner.planRun(RUN, Chain.of(Group.of(job("A"), job("B")), job("C")));

        Plan.BarrierSpec root = root(plan);
        List<Plan.BarrierSpec> below = nonRoot(plan);
        assertEquals(1, below.size(), "one barrier for the group and the chain: no barrier of one above the group's");
        Plan.BarrierSpec g = below.get(0);
        assertEquals(2, g.count());
        assertFalse(g.propagate(), "a chain's barrier never propagates: C carries the callbacks below the chain");
        assertEquals(new Continuation.Tree(workflowJson.format(job("C"))), g.continuation());
        assertEquals(2, g.node(), "C, the continuation's first job, is node 2 (after A and B)");
        for (Plan.PlannedJob j : plan.jobs()) {
            assertEquals(List.of(root.id(), g.id()), decode(j).callbacks());
        }
    }

    @Test
    void aChainStepThatIsAGroupIsPlannedUnderTheGroupsBarrierAloneWhichRefersToTheNextStep() {
        ChainRef b = new ChainRef("ch-1", 0, 2);

        Plan middle = planner.planChainStep(RUN, Group.of(job("B1"), job("B2"), job("B3")), b, List.of("root"), 4);
        assertEquals(1, middle.barriers().size());
        Plan.BarrierSpec g = middle.barriers().get(0);
        assertEquals(new Plan.BarrierSpec(g.id(), 3, false, b.next(), false, RUN, 7), g);
        for (Plan.PlannedJob j : middle.jobs()) {
            assertEquals(List.of("root", g.id()), decode(j).callbacks());
        }
        assertEquals(List.of(4, 5, 6), middle.jobs().stream().map(j -> j.node().index()).toList());

        Plan single = planner.planChainStep(RUN, Group.of(job("B1")), b, List.of("root"));
        assertEquals(1, single.barriers().get(0).count(), "a group of one is its member: a chain barrier of one");
    }

    @Test
    void nestedDelaysAddUpAndADelayedJobIsNotEnqueuedYet() {
        Plan plan = planner.planRun(RUN, new WithDelay(new WithDelay(job("A"), 500), 1_000));

        Plan.PlannedJob planned = plan.jobs().get(0);
        assertEquals(1_500, planned.delayMs());
        JobPayload p = decode(planned);
        assertNull(p.enqueuedAt(), "enqueued_at is absent while the job waits in the schedule");
        assertFalse(planned.payload().contains("enqueued_at"));
        assertEquals(NOW, p.createdAt());
    }

    @Test
    void aDelayedGroupDelaysEveryMemberAndADelayedChainOnlyItsHead() {
        Plan group = planner.planRun(RUN, new WithDelay(Group.of(job("A"), new WithDelay(job("B"), 100)), 1_000));
        assertEquals(List.of(1_000L, 1_100L), group.jobs().stream().map(Plan.PlannedJob::delayMs).toList());

        Plan chain = planner.planRun(RUN, new WithDelay(Chain.of(job("A"), job("B")), 1_000));
        assertEquals(List.of(1_000L), chain.jobs().stream().map(Plan.PlannedJob::delayMs).toList());
        assertEquals(new Continuation.Tree(workflowJson.format(job("B"))), nonRoot(chain).get(0).continuation(),
                "only the start of a chain is delayed: its continuation carries no delay");
    }

    @Test
    void aJobOnAnotherQueueIsPlannedForThatQueue() {
        Plan plan = planner.planRun(RUN, Group.of(job("A").onQueue("critical"), job("B")));

        assertEquals(List.of("critical", "default"), plan.jobs().stream().map(Plan.PlannedJob::queue).toList());
        assertEquals(List.of("critical", "default"), plan.jobs().stream().map(j -> decode(j).queue()).toList());
    }

    @Test
    void aContinuationIsPlannedUnderTheCallbacksThatRemain() {
        Plan plan = planner.planContinuation(RUN, Group.of(job("B"), job("C")), List.of("root", "outer"));

        assertEquals(1, plan.barriers().size(), "no new root for a continuation");
        Plan.BarrierSpec g = plan.barriers().get(0);
        assertFalse(g.root());
        for (Plan.PlannedJob j : plan.jobs()) {
            assertEquals(List.of("root", "outer", g.id()), decode(j).callbacks());
        }
    }

    @Test
    void everyBarrierOfAPlanHasItsOwnId() {
        Plan plan = planner.planRun(RUN, Chain.of(Group.of(Chain.of(job("A"), job("B")), job("C")), Group.of(job("D"), job("E"))));

        Set<String> ids = plan.barriers().stream().map(Plan.BarrierSpec::id).collect(Collectors.toSet());
        assertEquals(plan.barriers().size(), ids.size());
    }

    @Test
    void aMemberPayloadDoesNotGrowWithTheSizeOfItsGroup() {
        List<Integer> small = memberPayloadLengths(10);
        List<Integer> large = memberPayloadLengths(1_000);

        // a member's payload carries its graph node number (sideline_node), so it differs only by that number's digits
        assertEquals(1, new HashSet<>(small).size(), "nodes 0 to 9: payloads of one length: " + new HashSet<>(small));
        int shortest = large.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int longest = large.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(small.stream().mapToInt(Integer::intValue).min().orElseThrow(), shortest,
                "a member of 1,000 weighs what a member of 10 does");
        assertEquals(2, longest - shortest, "but for the digits of node numbers up to 999");
    }

    private List<Integer> memberPayloadLengths(int members) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            steps.add(Job.named("Member", "x"));
        }
        Plan plan = planner.planRun(RUN, new Group(steps));
        assertEquals(2, plan.barriers().size(), "one root and one group barrier, whatever the size");
        assertEquals(members, plan.jobs().size());
        return plan.jobs().stream().map(j -> j.payload().length()).toList();
    }

    @Test
    void anEmptyChainOrGroupIsRefused() {
        assertThrows(IllegalStateException.class, () -> planner.planRun(RUN, Chain.of()));
        assertThrows(IllegalStateException.class, () -> planner.planRun(RUN, Group.of(job("A"), Group.of())));
    }

    @Test
    void aPayloadOverTheLimitIsRefusedWithATypedError() {
        Planner small = new Planner(workflowJson::format, new ArgsJson(), codec, "default", () -> NOW, 500);
        io.sideline.ee.PayloadTooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sideline.ee.PayloadTooLargeException.class,
                () -> small.planRun("run-1", io.sideline.ee.model.Job.named("Big", "x".repeat(1_000))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("sideline.payload.max-bytes"), e.getMessage());
    }

    @Test
    void thePayloadLimitCountsUtf8BytesAsRedisStoresThemNotCharacters() {
        Planner small = new Planner(workflowJson::format, new ArgsJson(), codec, "default", () -> NOW, 1_000);
        // 400 characters either way: 400 bytes of ASCII fit, 800 bytes of 'é' (2 bytes each) do not
        small.planRun("run-1", io.sideline.ee.model.Job.named("Latin", "e".repeat(400)));
        io.sideline.ee.PayloadTooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sideline.ee.PayloadTooLargeException.class,
                () -> small.planRun("run-1", io.sideline.ee.model.Job.named("Accented", "\u00e9".repeat(400))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("bytes (UTF-8)"), e.getMessage());
    }

    @Test
    void aLaterJobIsRefusedByOneByteOverTheLimitAndAcceptedAtIt() {
        // the check's payload of a later job: fixed-length ids, run "check", the longest node number
        int checked = codec.encode(JobPayload.builder("Later", new ArgsJson().toJsonArray(List.of("\u00e9x\u0001".repeat(200))),
                        "0".repeat(24), "default").createdAt(NOW).enqueuedAt(NOW)
                .run("check", List.of("0".repeat(32), "0".repeat(32), "0".repeat(32))).node(Integer.MAX_VALUE).build())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(checked > 1_000, "a later job bigger than the first: " + checked);
        Step run = Chain.of(Job.named("A"), Job.named("Later", "\u00e9x\u0001".repeat(200)));
        new Planner(workflowJson::format, new ArgsJson(), codec, "default", () -> NOW, checked).planRun(RUN, run);
        assertThrows(io.sideline.ee.PayloadTooLargeException.class, () -> new Planner(workflowJson::format,
                new ArgsJson(), codec, "default", () -> NOW, checked - 1).planRun(RUN, run));
    }
}
