package io.sideline.ee.engine;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RunState;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, smaller holes: a workflow that could never run as written (delays that overflow or outlast the
 * maximum run age, a queue name outside the rule, the reserved no-op job) is refused by {@code Workflows}
 * with the path of the problem, and nothing of it reaches Redis.
 */
class RefusedAtStartTest {

    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = TestEngine.start(Map.of("sideline.run.max-age", "3600"));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private InvalidWorkflowException refused(Step tree) {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> engine.workflows().run(tree));
        try (RedisClient redis = engine.redis()) {
            assertTrue(redis.keys(engine.prefix + "run:*").isEmpty(), "a refused run left no run behind");
            assertEquals(0, redis.zcard(engine.prefix + "schedule"), "and scheduled nothing");
            assertEquals(0, redis.llen(engine.prefix + "queue:default"), "and enqueued nothing");
        }
        return e;
    }

    @Test
    void nestedDelaysThatOverflowALongAreRefusedInsteadOfRunningAtOnce() {
        InvalidWorkflowException e = refused(chain(job(Rec.class, "first"),
                withDelay(withDelay(job(Rec.class, "later"), Long.MAX_VALUE), 1_000)));

        assertEquals("$.chain[1].step.delay", e.path());
    }

    @Test
    void delaysLongerThanTheMaximumRunAgeAreRefused() {
        assertEquals("$.group[1].delay", refused(group(job(Rec.class, "a"), withDelay(job(Rec.class, "b"), 3_600_001))).path());
        assertEquals("$.chain[1].delay", refused(chain(withDelay(job(Rec.class, "a"), 1_800_000),
                withDelay(job(Rec.class, "b"), 1_800_001))).path());
    }

    @Test
    void theReservedNoOpJobIsRefusedFromOutsideButStillCarriesDelaysOfEmptySteps() {
        assertEquals("$.chain[1].job", refused(chain(job(Rec.class, "a"), job("sideline.noop"))).path());
        InvalidWorkflowException parsed = assertThrows(InvalidWorkflowException.class,
                () -> engine.workflows().run(engine.workflows().parse("{\"job\":\"sideline.noop\"}")));
        assertEquals("$.job", parsed.path());

        String runId = engine.workflows().run(chain(job(Rec.class, "before"), withDelay(group(), 100),
                job(Rec.class, "after")));
        var done = Await.value("the run with an empty delayed step ends", Duration.ofSeconds(10),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
        assertEquals(RunState.SUCCEEDED, done.state());
    }

    @Test
    void aQueueNameOutsideTheRuleIsRefusedForRunsAndForSingleJobs() {
        assertEquals("$.chain[1].queue", refused(chain(job(Rec.class, "a"), job(Rec.class, "b").onQueue("mail queue")))
                .path());
        InvalidWorkflowException single = assertThrows(InvalidWorkflowException.class,
                () -> engine.workflows().enqueue(job(Rec.class, "c").onQueue("x".repeat(65))));
        assertEquals("$[0].queue", single.path(), "enqueue names the job's index like enqueueAll");
    }
}
