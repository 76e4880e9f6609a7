package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.liberty.LibertyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server killed with {@code kill -9} while jobs are being performed, then started again: every run still
 * succeeds, in graph order.
 *
 * <p>Only "at least once" can be asserted: a job that was inside {@code perform} when the JVM died never
 * acknowledged its fetch, so the reaper hands it out again once the dead server's heartbeat expired (the
 * test server runs with a short heartbeat TTL and reaper interval, see the POM), and it runs a second
 * time. If it had appended its record before dying, its label appears twice. Order is therefore checked
 * between first completions ({@link io.sideline.ee.test.DagAssert#allowingRepeats()}).
 */
class KillRestartIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();
    private static final int WORKFLOWS = 10;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void runsInFlightWhenTheServerIsKilledAllSucceedAfterARestart() {
        Random random = new Random(42);
        Map<String, Step> runs = new LinkedHashMap<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            Step workflow = slowWorkflow("K" + i + "-", random);
            runs.put(API.run(workflow), workflow);
        }
        Await.until("jobs of the runs to be in flight", Duration.ofSeconds(60),
                () -> runs.keySet().stream().mapToInt(runId -> API.records(runId).size()).sum(), done -> done > 0);
        assertTrue(runs.keySet().stream().anyMatch(runId -> SampleApi.RUNNING.equals(API.status(runId).getString("state"))),
                "every run finished before the kill: nothing was in flight");
        boolean devRedis = SERVER.messagesLog().contains("sideline sample: using");

        SERVER.kill9();
        SERVER.start();
        API.awaitReady(RECOVERY_TIMEOUT);

        List<String> unfinished = new ArrayList<>();
        runs.forEach((runId, workflow) -> {
            JsonObject status = API.awaitFinished(runId, RECOVERY_TIMEOUT);
            if (!SampleApi.SUCCEEDED.equals(status.getString("state"))) {
                unfinished.add(status.toString());
            }
            SampleRecords.dagOf(workflow).allowingRepeats().check(SampleRecords.executions(API.records(runId)));
        });
        assertEquals(List.of(), unfinished);
        if (devRedis) {
            // the runs could only survive because the restarted server found the same dev Redis
            assertTrue(SERVER.messagesLog().contains("sideline sample: reusing"), "dev Redis was not reused");
        }
    }

    /**
     * Chain(A, Group(B, C), D), each job working 1–2 s: 3–6 s per run, so that runs are still in flight when
     * the kill lands even on a loaded machine (HTTP polling slows down with the CPU; the jobs' sleeps do not).
     */
    private static Step slowWorkflow(String prefix, Random random) {
        return chain(record(prefix + "A", work(random)),
                group(record(prefix + "B", work(random)), record(prefix + "C", work(random))),
                record(prefix + "D", work(random)));
    }

    private static long work(Random random) {
        return 1_000 + random.nextInt(1_001);
    }
}
