package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Stopping a server loses nothing and leaves nothing in its in-progress list. */
class ShutdownTest {

    @Test
    void aJobOutlivingTheGracePeriodIsHandedBackAndTheRunCompletesOnTheNextServer() {
        TestEngine first = TestEngine.start(Map.of("sideline.shutdown.grace-ms", "300"));
        Step workflow = chain(job(Rec.class, "slow", 2_000L), group(job(Rec.class, "A"), job(Rec.class, "B")));
        String runId = first.workflows().run(workflow);
        String workerId = first.bean(RunningWorker.class).current().orElseThrow().id();
        try (RedisClient redis = first.redis()) {
            Await.until("the slow job is in progress", Duration.ofSeconds(10),
                    () -> redis.llen(first.prefix + "inprogress:" + workerId) == 1);

            first.close();

            assertEquals(0, redis.llen(first.prefix + "inprogress:" + workerId), "nothing left in progress");
            assertFalse(redis.exists(first.prefix + "process:" + workerId), "the heartbeat is gone");
            assertEquals(1, redis.llen(first.prefix + "queue:default"), "the slow job is back on its queue");

            try (TestEngine second = TestEngine.join(first, Map.of())) {
                RunStatus status = Await.value("run ends", Duration.ofSeconds(20),
                        () -> second.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
                assertEquals(RunState.SUCCEEDED, status.state());
                DagAssert.assertRespects(workflow, second.log().of(runId));
            }
        }
    }

    @Test
    void jobsThatFinishWithinTheGracePeriodComplete() {
        TestEngine engine = TestEngine.start(Map.of("sideline.shutdown.grace-ms", "5000"));
        String runId = engine.workflows().run(job(Rec.class, "short", 500L));
        String workerId = engine.bean(RunningWorker.class).current().orElseThrow().id();
        try (RedisClient redis = engine.redis()) {
            Await.until("the job is in progress", Duration.ofSeconds(10),
                    () -> redis.llen(engine.prefix + "inprogress:" + workerId) == 1);
            engine.close();
            assertEquals("SUCCEEDED", redis.hget(engine.prefix + "run:" + runId, "state"));
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
        }
    }
}
