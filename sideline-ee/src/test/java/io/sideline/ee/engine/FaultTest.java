package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults the design must absorb: a worker that died mid-job, a job delivered twice. */
class FaultTest {

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

    private RunStatus awaitEnd(TestEngine engine, String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    @Test
    void theReaperRecoversTheJobOfAWorkerThatDiedMidRunAndTheRunCompletes() {
        starter = TestEngine.start(Map.of("sideline.worker.enabled", "false"));
        Step workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), job(Rec.class, "C")), job(Rec.class, "D"));
        String runId = starter.workflows().run(workflow);
        String deadWorker = "crashed-host:4242:abcdef";
        try (RedisClient redis = starter.redis()) {
            // The dead worker had fetched A and registered, but its heartbeat has expired: it was killed mid-job.
            String fetched = redis.lmove(starter.prefix + "queue:default", starter.prefix + "inprogress:" + deadWorker,
                    ListDirection.RIGHT, ListDirection.LEFT);
            assertNotNull(fetched);
            redis.sadd(starter.prefix + "processes", deadWorker);

            worker = TestEngine.join(starter, Map.of());
            RunStatus status = awaitEnd(starter, runId);

            assertEquals(RunState.SUCCEEDED, status.state());
            DagAssert.assertRespects(workflow, worker.log().of(runId));
            assertEquals(0, redis.llen(starter.prefix + "inprogress:" + deadWorker));
            assertTrue(redis.exists(starter.prefix + "dead-since:" + deadWorker),
                    "the dead worker is remembered as dead (forgotten after a while, in case it was only frozen)");
        }
    }

    @Test
    void aGroupMemberDeliveredTwiceDoesNotReleaseTheGroupEarly() {
        List<ExecutionLog.Entry> log = runGroupWithTripleDelivery("atomic");
        ExecutionLog.Entry c = log.stream().filter(e -> e.label().equals("C")).findFirst().orElseThrow();
        List<ExecutionLog.Entry> d = log.stream().filter(e -> e.label().equals("D")).toList();
        assertEquals(1, d.size(), "the continuation ran once");
        assertTrue(d.get(0).seqStart() > c.seqEnd(), "D started only after the slowest member C ended");
        assertEquals(3, log.stream().filter(e -> e.label().equals("A")).count(), "A itself ran once per delivery");
    }

    @Test
    void theSeedsCountingBarrierIsReleasedEarlyByTheSameDuplicates() {
        // The same scenario under the seed's AtMostOnceBarrier: the counter takes A's copies for B and C.
        List<ExecutionLog.Entry> log = runGroupWithTripleDelivery("at-most-once");
        ExecutionLog.Entry c = log.stream().filter(e -> e.label().equals("C")).findFirst().orElseThrow();
        ExecutionLog.Entry d = log.stream().filter(e -> e.label().equals("D")).findFirst().orElseThrow();
        assertTrue(d.seqStart() < c.seqEnd(), "the counting barrier let D start before C ended");
    }

    private List<ExecutionLog.Entry> runGroupWithTripleDelivery(String barrierType) {
        starter = TestEngine.start(Map.of("sideline.worker.enabled", "false", "sideline.barrier.type", barrierType));
        Step workflow = chain(group(job(Rec.class, "A"), job(Rec.class, "B", 300L), job(Rec.class, "C", 600L)),
                job(Rec.class, "D"));
        String runId = starter.workflows().run(workflow);
        try (RedisClient redis = starter.redis()) {
            String queue = starter.prefix + "queue:default";
            List<String> members = redis.lrange(queue, 0, -1);
            String memberA = members.stream().filter(p -> p.contains("\"A\"")).findFirst().orElseThrow();
            redis.rpush(queue, memberA); // a second delivery of A, fetched first
            redis.rpush(queue, memberA); // and a third

            worker = TestEngine.join(starter, Map.of("sideline.concurrency", "6", "sideline.barrier.type", barrierType));
            Await.until("D ran", Duration.ofSeconds(20),
                    () -> worker.log().of(runId).stream().anyMatch(e -> e.label().equals("D")));
            Await.until("C ran", Duration.ofSeconds(20),
                    () -> worker.log().of(runId).stream().anyMatch(e -> e.label().equals("C")));
            return worker.log().of(runId);
        }
    }
}
