package io.sideline.ee.engine;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workflows.enqueue / enqueueAll: jobs on their own (Sidekiq's perform_async, push_bulk), no run recorded. */
class PlainJobTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aJobEnqueuedOnItsOwnRunsOnceWithoutARunAndLeavesNothingBehind() {
        engine = TestEngine.start(Map.of());

        String jid = engine.workflows().enqueue(job(Rec.class, "alone"));

        ExecutionLog.Entry ran = Await.value("the job runs", Duration.ofSeconds(10),
                () -> engine.log().of(null), l -> !l.isEmpty()).get(0);
        assertEquals("alone", ran.label());
        assertEquals(jid, ran.jid());
        try (RedisClient redis = engine.redis()) {
            Await.until("its completion is acknowledged", Duration.ofSeconds(10),
                    () -> redis.keys(engine.prefix + "inprogress:*").stream().allMatch(k -> redis.llen(k) == 0));
            assertTrue(redis.keys(engine.prefix + "run:*").isEmpty(), "no run recorded");
            assertTrue(redis.keys(engine.prefix + "barrier:*").isEmpty(), "no barrier");
            assertEquals(0, redis.zcard(engine.prefix + "dead"));
        }
        assertEquals(1, engine.log().of(null).size(), "ran once");
    }

    @Test
    void manyJobsEnqueuedAtOnceEachRunOnce() {
        engine = TestEngine.start(Map.of());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < io.sideline.ee.Workflows.ITEMS_PER_BATCH + 20; i++) {
            jobs.add(job(Rec.class, "j" + i));
        }

        List<String> jids = engine.workflows().enqueueAll(jobs);

        Await.until("every job runs", Duration.ofSeconds(60), () -> engine.log().of(null).size() >= jobs.size());
        assertEquals(jids.stream().sorted().toList(), engine.log().of(null).stream().map(ExecutionLog.Entry::jid).sorted().toList(),
                "each job ran once, under the job id enqueueAll returned");
    }

    @Test
    void aFailingJobOnItsOwnIsRetriedLikeAnyJob() {
        engine = TestEngine.start(Map.of());

        engine.workflows().enqueue(job("Flaky", "flaky-alone", 2));

        Await.until("the third attempt succeeds", Duration.ofSeconds(20),
                () -> engine.log().of(null).stream().anyMatch(e -> e.label().equals("flaky-alone")));
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.zcard(engine.prefix + "dead"));
        }
    }

    @Test
    void anUnknownJobNameRefusesTheWholeBatchAndEnqueuesNothing() {
        engine = TestEngine.start(Map.of("sideline.worker.enabled", "false"));

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                () -> engine.workflows().enqueueAll(List.of(job(Rec.class, "ok"), job("java.lang.Runtime"))));

        assertTrue(e.path().startsWith("$[1]"), e.path());
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
        }
    }
}
