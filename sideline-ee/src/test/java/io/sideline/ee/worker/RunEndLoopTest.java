package io.sideline.ee.worker;

import io.sideline.ee.RunState;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.redis.RedisKeys;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.RunEnd;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end loop on a real Redis: an end is counted in {@code sideline.runs.finished} by the server whose
 * acknowledgement removed it, so an end delivered twice (its first server was taken for dead mid-way) counts once.
 */
class RunEndLoopTest {

    @Test
    void anEndHandedToAnotherServerWhileTheFirstDeliveredItCountsOnceWhereItWasAcknowledged() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, TestRedis.url(),
                SidelineConfig.Keys.KEY_PREFIX, prefix)::get);
        URI url = URI.create(TestRedis.url());
        try (RedisBackend backend = RedisBackend.connect(config);
             RedisClient redis = RedisClient.builder().hostAndPort(url.getHost(), url.getPort()).build()) {
            RunEnds ends = backend.ends();
            redis.lpush(new RedisKeys(prefix).finished(), "1 FAILED run-1");
            JobCounters first = new JobCounters();
            JobCounters second = new JobCounters();
            List<String> delivered = new ArrayList<>();
            // while server-a delivers, the reaper takes it for dead (it has no heartbeat) and hands its end back
            RunEndLoop a = new RunEndLoop(new StopSignal(), ends, "server-a", Duration.ofMillis(200), end -> {
                delivered.add("a " + end.runId());
                assertEquals(1, ends.requeue("server-a"));
            }, first);
            RunEndLoop b = new RunEndLoop(new StopSignal(), ends, "server-b", Duration.ofMillis(200),
                    (RunEnd end) -> delivered.add("b " + end.runId()), second);

            a.tick(); // its held ends (none), then the announced one
            a.tick();
            b.tick();
            b.tick();

            assertEquals(List.of("a run-1", "b run-1"), delivered, "delivered at least once: here twice");
            assertEquals(0, first.runsFinished(RunState.FAILED), "server-a's acknowledgement found it gone");
            assertEquals(1, second.runsFinished(RunState.FAILED), "counted by the server that acknowledged it");
        }
    }
}
