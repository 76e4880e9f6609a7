package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.SingleNodeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing {@code sideline.redis.shards} strands nothing (issue 14): runs started over 16 shards, some waiting in a
 * queue, some in the schedule, plus plain jobs, are all finished by a server restarted with 4, which walks the 16
 * shards in use while it places new runs in its 4 only.
 */
class ShardsInUseTest {

    private SingleNodeCluster cluster;
    private final List<TestEngine> engines = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = SingleNodeCluster.start();
    }

    @AfterEach
    void stop() {
        engines.forEach(TestEngine::close);
        cluster.close();
    }

    private TestEngine server(TestEngine first, int shards, String queues) {
        Map<String, String> settings = Map.of(SidelineConfig.Keys.REDIS_URL, cluster.url(),
                SidelineConfig.Keys.REDIS_SHARDS, Integer.toString(shards), SidelineConfig.Keys.QUEUES, queues);
        TestEngine engine = first == null ? TestEngine.start(settings) : TestEngine.join(first, settings);
        engines.add(engine);
        return engine;
    }

    private static int shardOf(String runId) {
        return Integer.parseInt(runId.substring(1, runId.indexOf('-')));
    }

    private static Step rec(String label) {
        return job(Rec.class, label);
    }

    @Test
    void runsStartedOverSixteenShardsAllFinishAfterARestartWithFour() {
        // the first server serves only "default": B waits in the "later" queue of its run's shard, D2 in its schedule
        TestEngine before = server(null, 16, "default");
        Step queued = chain(rec("A"), job(Rec.class, "B").onQueue("later"), rec("C"));
        Step delayed = chain(rec("D1"), withDelay(rec("D2"), 4_000), rec("D3"));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runIds.add(before.workflows().run(queued));
            runIds.add(before.workflows().run(delayed));
        }
        Set<String> plainJids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            plainJids.add(before.workflows().enqueue(job(Rec.class, "P" + i).onQueue("later")));
        }
        Await.until("every run's first job ran on the first server", Duration.ofSeconds(30),
                () -> runIds.stream().allMatch(id -> before.log().of(id).size() == 1));
        assertTrue(runIds.stream().anyMatch(id -> shardOf(id) >= 4), "some runs in shards 4-15: " + runIds);
        assertTrue(plainJids.stream().anyMatch(jid -> Integer.parseInt(jid.substring(0, 3), 16) >= 4),
                "some plain jobs in shards 4-15: " + plainJids);
        before.close();
        engines.remove(before);

        TestEngine after = server(before, 4, "default,later");
        for (String runId : runIds) {
            RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(30),
                    () -> after.workflows().status(runId).orElseThrow(() -> new AssertionError(runId + " is lost")),
                    s -> s.state() != RunState.RUNNING);
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            assertEquals(3, status.jobsDone(), status.toString());
        }
        Await.until("every plain job of a dropped shard ran too", Duration.ofSeconds(30),
                () -> after.log().of(null).stream().filter(e -> e.label().startsWith("P")).count() == plainJids.size());

        for (int i = 0; i < 12; i++) {
            String runId = after.workflows().run(rec("N" + i));
            assertTrue(shardOf(runId) < 4, "a new run goes to the 4 configured shards: " + runId);
        }
        for (int i = 0; i < 12; i++) {
            String jid = after.workflows().enqueue(job(Rec.class, "Q" + i));
            assertTrue(Integer.parseInt(jid.substring(0, 3), 16) < 4, "a new job goes to the 4 configured shards: " + jid);
        }
        SidelineAdmin admin = after.bean(SidelineAdmin.class);
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            SidelineAdmin.Page<RunStatus> page = admin.runs(null, 50, cursor);
            page.items().forEach(r -> listed.add(r.runId()));
            cursor = page.next();
        } while (cursor != null);
        assertTrue(listed.containsAll(runIds), "the admin lists the runs of the dropped shards too");
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            assertEquals(Set.of("16", "4"), node.smembers(after.prefix + "{0}:shards"), "both counts are in use");
        }
    }

    @Test
    void aRecordOfShardsInUseThatIsNoCountStopsTheStartWithItsKeyAndTouchesNothing() {
        String prefix = "inuse" + System.nanoTime() + ":";
        try (RedisClient node = RedisClient.create(URI.create(cluster.nodeUrl()))) {
            node.sadd(prefix + "{0}:shards", "16", "sixteen");
            Map<String, String> settings = Map.of(SidelineConfig.Keys.REDIS_URL, cluster.url(),
                    SidelineConfig.Keys.REDIS_SHARDS, "4");
            RuntimeException refused = assertThrows(RuntimeException.class, () -> engines.add(TestEngine.startOn(
                    settings, prefix)));
            Throwable cause = refused;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertEquals(prefix + "{0}:shards holds 'sixteen', not a shard count 1..1024: remove it (SREM) to start",
                    cause.getMessage());
            assertEquals(Set.of("16", "sixteen", "4"), node.smembers(prefix + "{0}:shards"),
                    "the record is only added to, never rewritten");
        }
    }
}
