package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing a live run needs expires (issue 9 §1): with retention TTLs of 1 s, runs whose delays and retry backoffs are
 * several times longer succeed, because a running run's keys carry the lease ({@code sideline.run.max-age} + a day)
 * and only a finished run's keys are turned down to retention by the collector.
 */
class TimeRulesTest {

    /** Retention TTLs far shorter than the gaps of the runs below. */
    static final Map<String, String> TINY_TTLS = Map.of(
            SidelineConfig.Keys.BARRIER_TTL, "1",
            SidelineConfig.Keys.MEMORY_TTL, "1",
            SidelineConfig.Keys.RUN_TTL, "2");
    /** Several times the TTLs above. */
    static final long GAP_MS = 4_000;

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static Map<String, String> with(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(TINY_TTLS);
        all.putAll(extra);
        return all;
    }

    private RunStatus runToEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(30),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    @Test
    void aChainWithADelayManyTimesTheTtlsSucceeds() {
        engine = TestEngine.start(TINY_TTLS);
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), withDelay(job(Rec.class, "B"), GAP_MS),
                job(Rec.class, "C")));

        assertEquals(RunState.SUCCEEDED, runToEnd(runId).state());
        assertEquals(List.of("A", "B", "C"), engine.log().of(runId).stream().map(ExecutionLog.Entry::label).toList());
    }

    @Test
    void aGroupBehindADelayManyTimesTheTtlsSucceeds() {
        engine = TestEngine.start(TINY_TTLS);
        String runId = engine.workflows().run(chain(job(Rec.class, "A"),
                withDelay(group(job(Rec.class, "B1"), job(Rec.class, "B2"), job(Rec.class, "B3")), GAP_MS),
                job(Rec.class, "C")));

        RunStatus status = runToEnd(runId);
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(5, status.jobsDone());
    }

    @Test
    void aTypedStepHydratesMemoryWrittenBeforeADelayManyTimesTheTtls() {
        engine = TestEngine.start(TINY_TTLS);
        String runId = engine.workflows().run(chain(job("Greet", Map.of("name", "Ada")),
                withDelay(job("Shout"), GAP_MS)));

        RunStatus status = runToEnd(runId);
        assertEquals(RunState.SUCCEEDED, status.state(), "Shout read Greet's message from memory across the delay");
        assertEquals(2, status.jobsDone());
    }

    @Test
    void retriesWhoseBackoffExceedsTheTtlsSucceed() {
        engine = TestEngine.start(with(Map.of(SidelineConfig.Keys.RETRY_BACKOFF_BASE, "2500")));
        String runId = engine.workflows().run(chain(job(Rec.class, "A"), group(job(Flaky.class, "F", 1),
                job(Rec.class, "G")), job(Rec.class, "C")));

        RunStatus status = runToEnd(runId);
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(List.of("A", "C"), engine.log().of(runId).stream().map(ExecutionLog.Entry::label)
                .filter(l -> l.equals("A") || l.equals("C")).toList());
    }

    @Test
    void theSameRunsSucceedWithTheAtMostOnceBarrierAndTheirKeysAreCollected() {
        engine = TestEngine.start(with(Map.of(SidelineConfig.Keys.BARRIER_TYPE, "at-most-once")));
        List<String> runs = List.of(
                engine.workflows().run(chain(job(Rec.class, "A"), withDelay(group(job(Rec.class, "B1"),
                        job(Rec.class, "B2")), GAP_MS), job(Rec.class, "C"))),
                engine.workflows().run(chain(job("Greet", Map.of("name", "Ada")), withDelay(job("Shout"), GAP_MS))));

        for (String runId : runs) {
            assertEquals(RunState.SUCCEEDED, runToEnd(runId).state(), runId);
        }
        try (RedisClient redis = engine.redis()) {
            Await.until("nothing of the runs remains after their retention", Duration.ofSeconds(15),
                    () -> redis.keys(engine.prefix + "barrier:*").isEmpty() && redis.keys(engine.prefix + "chain:*").isEmpty()
                            && redis.keys(engine.prefix + "run:*").isEmpty()
                            && redis.keys(engine.prefix + "runkeys:*").isEmpty());
        }
    }

    @Test
    void aRunningRunsKeysCarryTheLeaseAndAFinishedRunsKeysAreTurnedDownToRetention() {
        engine = TestEngine.start(TINY_TTLS);
        String runId = engine.workflows().run(chain(job("Greet", Map.of("name", "Ada")),
                withDelay(job("Shout"), GAP_MS)));
        String p = engine.prefix;
        try (RedisClient redis = engine.redis()) {
            Await.until("the first step wrote memory", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow().jobsDone() == 1);
            long lease = engine.config.limits().leaseSeconds();
            assertTrue(redis.ttl(p + "run:" + runId) > lease - 60, "the run hash carries the lease while running");
            assertTrue(redis.ttl(engine.config.memory().key(runId)) > lease - 60, "so does its memory");
            assertTrue(redis.ttl(p + "runkeys:" + runId) > lease - 60, "and its key index");
            for (String entry : redis.smembers(p + "runkeys:" + runId)) {
                String key = p + (entry.startsWith("c:") ? "chain:" : "barrier:") + entry.substring(2);
                assertTrue(redis.ttl(key) > lease - 60, key + " carries the lease");
            }

            assertEquals(RunState.SUCCEEDED, runToEnd(runId).state());
            Await.until("the collector turned the run's hash down to its retention", Duration.ofSeconds(10),
                    () -> redis.ttl(p + "run:" + runId) <= 2);
            Await.until("nothing of the run remains after its retention", Duration.ofSeconds(10),
                    () -> redis.keys(p + "*" + runId + "*").isEmpty() && !redis.exists(engine.config.memory().key(runId)));
        }
    }
}
