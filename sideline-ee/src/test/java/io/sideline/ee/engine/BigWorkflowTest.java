package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.ScriptBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.RedisClient;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workflows bigger than one script call may write ({@link ScriptBudget}) run on the real engine as small ones do:
 * the launch, the release of a big group's successor and a bulk start with a big run are written in bounded steps,
 * and every job runs once, in graph order.
 */
class BigWorkflowTest {

    private static final int MEMBERS = ScriptBudget.MAX_ELEMENTS * 2 + 300;

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Step bigGroup(String tag) {
        List<Step> members = new ArrayList<>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            members.add(job(Rec.class, tag + i));
        }
        return group(members.toArray(Step[]::new));
    }

    private void assertRanOnceInOrder(Step workflow, String runId) {
        Await.until("run " + runId + " succeeds", Duration.ofSeconds(120),
                () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
        DagAssert.assertRespects(workflow, engine.log().of(runId));
        assertEquals(workflow.jobCount(), engine.log().of(runId).size(), "each job once");
    }

    @Test
    void aBigGroupLaunchedThenABigGroupReleasedByAChainStepRunEveryJobOnceInOrder() {
        engine = TestEngine.start(Map.of());
        Step workflow = chain(bigGroup("g"), job(Rec.class, "middle"), bigGroup("h"), job(Rec.class, "end"));

        String runId = engine.workflows().run(workflow);

        assertRanOnceInOrder(workflow, runId);
    }

    @Test
    void aBulkStartWithABigRunAmongSmallOnesStartsEachOnce() {
        engine = TestEngine.start(Map.of());
        List<Step> workflows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            workflows.add(i == 7 ? bigGroup("b") : chain(job(Rec.class, "a" + i), job(Rec.class, "z" + i)));
        }

        List<String> runIds = engine.workflows().runAll(workflows);

        for (int i = 0; i < workflows.size(); i++) {
            assertRanOnceInOrder(workflows.get(i), runIds.get(i));
        }
    }

    @Test
    void aSmallPlanWhoseStepAndContinuationAreBigGroupsKeepsThemOutOfItsScriptCallsAndRunsInOrder() {
        engine = TestEngine.start(Map.of());
        String pad = "y".repeat(40);
        List<Step> first = new ArrayList<>();
        List<Step> second = new ArrayList<>();
        for (int i = 0; i < 1_600; i++) { // each group's text ~110,000 characters: over BigTexts.LIMIT
            first.add(job(Rec.class, pad + "-s" + i));
            second.add(job(Rec.class, pad + "-c" + i));
        }
        // a's chain stores the first group as a step; b's barrier holds the second group as its continuation; the
        // launch itself is a few elements, one launch.lua call
        Step workflow = group(chain(job(Rec.class, "a"), group(first.toArray(Step[]::new)), job(Rec.class, "z")),
                chain(job(Rec.class, "b"), group(second.toArray(Step[]::new))));

        String runId = engine.workflows().run(workflow);

        assertRanOnceInOrder(workflow, runId);
        try (RedisClient redis = engine.redis()) {
            java.util.Set<String> fields = redis.hkeys(engine.prefix + "nodes:" + runId);
            assertTrue(fields.stream().filter(f -> f.startsWith("t:")).count() >= 4,
                    "the step and the continuation are stored in parts: " + fields.stream().filter(f -> !f.matches("\\d+"))
                            .toList());
            assertTrue(redis.hget(engine.prefix + "nodes:" + runId, "graph").matches("@[2-9]"), "and the run's tree");
        }
    }

    @Test
    void enqueueAllOfHeavyPayloadsSendsAboutHalfAMegabyteOfTextPerCallAtMost() {
        engine = TestEngine.start(Map.of());
        String pad = "p".repeat(5_000); // 400 jobs of ~5 KB: a batch of 500 would be one 2 MB call
        List<io.sideline.ee.model.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            jobs.add(job(Rec.class, pad + i));
        }
        int longest;
        try (io.sideline.ee.testing.CommandLog log = new io.sideline.ee.testing.CommandLog()) {
            engine.workflows().enqueueAll(jobs);
            Await.until("400 heavy jobs ran", Duration.ofSeconds(60), () -> engine.log().of(null).size() >= 400);
            longest = log.mentioning("EVALSHA").stream().mapToInt(String::length).max().orElse(0);
        }

        int bound = ScriptBudget.MAX_ELEMENTS * ScriptBudget.CHARS_PER_ELEMENT + 2 * pad.length() + 20_000;
        assertTrue(longest < bound, "a call carried " + longest + " characters, over " + bound);
        assertEquals(400, engine.log().of(null).stream().map(ExecutionLog.Entry::label).distinct().count(), "each once");
        assertEquals(400, engine.log().of(null).size());
    }

    @Test
    void aBigRunsTreeIsStoredInPartsBesideItsChunksAndItsGraphReadsWhole() {
        engine = TestEngine.start(Map.of());
        String pad = "x".repeat(120);
        List<Step> members = new ArrayList<>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            members.add(job(Rec.class, pad + "-member-" + i)); // a tree of ~170,000 characters: more than one part
        }
        Step workflow = group(members.toArray(Step[]::new));

        String runId = engine.workflows().run(workflow);

        assertRanOnceInOrder(workflow, runId);
        try (RedisClient redis = engine.redis()) {
            String stored = redis.hget(engine.prefix + "nodes:" + runId, "graph");
            assertTrue(stored.matches("@[2-9]"), "the tree is stored in parts, not in the first chunk: " + stored);
        }
        String graph = engine.bean(SidelineAdmin.class).graph(runId).orElseThrow();
        assertTrue(graph.contains(pad + "-member-0\"") && graph.contains(pad + "-member-" + (MEMBERS - 1) + "\""),
                "the graph read back holds the whole tree");
        assertEquals(MEMBERS, graph.split("succeeded", -1).length - 1, "every member's node, succeeded");
    }
}
