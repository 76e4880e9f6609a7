package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long chain stores its steps once and refers to them by index; it runs in order, in any process. */
class LongChainTest {

    private TestEngine starter;
    private TestEngine worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        if (starter != null) {
            starter.close();
        }
    }

    @Test
    void aLongChainStartedByOneServerRunsInOrderOnAnotherThatReadsTheStoredChain() {
        // The starter plans the run and knows the chain; the worker (another Continuations, empty caches) must
        // read it from Redis.
        starter = TestEngine.start(Map.of("sideline.worker.enabled", "false"));
        Step[] steps = IntStream.range(0, 30).mapToObj(i -> i == 15
                ? group(job(Rec.class, "g1"), job(Rec.class, "g2"))
                : job(Rec.class, "s" + i)).toArray(Step[]::new);
        Step workflow = chain(steps);

        String runId = starter.workflows().run(workflow);
        try (RedisClient redis = starter.redis()) {
            assertEquals(1, redis.keys(starter.prefix + "chain:*").size(), "one stored chain");
            assertEquals(29, redis.llen(redis.keys(starter.prefix + "chain:*").iterator().next()),
                    "the 29 steps after the first, stored once");
        }
        List<String> chainReads;
        try (CommandLog commands = new CommandLog()) {
            worker = TestEngine.join(starter, Map.of());
            Await.until("the run succeeds", Duration.ofSeconds(30),
                    () -> starter.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            chainReads = commands.mentioning(starter.prefix + "chain:").stream()
                    .filter(c -> c.contains("\"LRANGE\"") || c.contains("\"LINDEX\"")).toList();
        }
        // Each step is read alone: reading the whole chain at every step would cost O(n^2) for a chain of n.
        assertEquals(List.of(), chainReads.stream().filter(c -> !c.matches(".*\"LRANGE\" \"[^\"]+\" \"(\\d+)\" \"\\1\"$"))
                .toList(), "the chain is never read whole: each read is LRANGE of one index");
        // one read per stored step (two when the group's two members plan the step after it at the same time)
        assertEquals(IntStream.range(0, 29).boxed().collect(Collectors.toSet()), chainReads.stream()
                .map(c -> Integer.parseInt(c.substring(c.lastIndexOf(' ') + 1).replace("\"", "")))
                .collect(Collectors.toSet()), "each stored step read by its index");
        assertTrue(chainReads.size() <= 30, chainReads.size() + " reads");
        List<ExecutionLog.Entry> log = worker.log().of(runId);
        DagAssert.assertRespects(workflow, log);
        assertEquals(31, log.size(), "every job once");
        assertTrue(starter.workflows().status(runId).orElseThrow().jobsDone() == 31);
    }
}
