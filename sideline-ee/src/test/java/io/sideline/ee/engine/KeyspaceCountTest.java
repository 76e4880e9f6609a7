package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After runs of every shape finished and their retention passed, no key of them remains but what docs/keyspace.md
 * says stays: the collector turned every key a run created (its hash, barriers, member sets, chains, memory, key
 * index) down from the lease to retention, including those of a 20,000-job group and of a FAILED run.
 */
class KeyspaceCountTest {

    /** The keys that outlive runs (docs/keyspace.md): shared sets, the dead set, heartbeats. */
    private static final List<String> LASTING = List.of("queues", "processes", "processes:roots-in-hash",
            "processes:texts-in-parts", "dead",
            "process:.+", "lost:.+",
            "runs", "runs:[A-Z]+", "stats", "stats:\\d+");

    @Test
    void afterRunsOfEveryShapeAndTheirRetentionOnlyTheLastingKeysRemain() {
        try (TestEngine engine = TestEngine.start(Map.of(
                SidelineConfig.Keys.BARRIER_TTL, "1", SidelineConfig.Keys.RUN_TTL, "3",
                SidelineConfig.Keys.MEMORY_TTL, "1", SidelineConfig.Keys.RETRY_MAX, "0"));
             RedisClient redis = engine.redis()) {
            Step[] group20k = new Step[20_000];
            for (int i = 0; i < group20k.length; i++) {
                group20k[i] = job(Rec.class, "g" + i);
            }
            List<String> runs = new ArrayList<>();
            // first: its launch takes a while, and the small runs must not end and expire before anyone looks
            runs.add(engine.workflows().run(group(group20k)));
            runs.add(engine.workflows().run(chain(job(Rec.class, "a"), job(Rec.class, "b"), job(Rec.class, "c"))));
            runs.add(engine.workflows().run(group(job(Rec.class, "a"), job(Rec.class, "b"), job(Rec.class, "c"))));
            runs.add(engine.workflows().run(chain(job(Rec.class, "a"), group(job(Rec.class, "b"),
                    chain(job(Rec.class, "c"), group(job(Rec.class, "d"), job(Rec.class, "e")))), job(Rec.class, "f"))));
            runs.add(engine.workflows().run(chain(job(Rec.class, "a"), withDelay(group(job(Rec.class, "b"),
                    withDelay(job(Rec.class, "c"), 1_500)), 2_000), job(Rec.class, "d"))));
            runs.add(engine.workflows().run(chain(job("Greet", Map.of("name", "Ada")), withDelay(job("Shout"), 1_500))));
            String failed = engine.workflows().run(chain(job("Remember", Map.of("kept", "for a retry")),
                    group(job(Flaky.class, "f", 99), job(Rec.class, "x")), job(Rec.class, "never")));
            runs.add(failed);
            // one-job runs: no key index; the completion collects a succeeded one, the collector a failed one
            runs.add(engine.workflows().run(job(Rec.class, "alone")));
            runs.addAll(engine.workflows().runAll(List.of(job(Rec.class, "alone1"), job(Rec.class, "alone2"))));
            String failedAlone = engine.workflows().run(job(Flaky.class, "alone", 99));
            runs.add(failedAlone);
            // cancelled while its second step waits in the schedule: its barriers and chain must go too
            String cancelled = engine.workflows().run(chain(job(Rec.class, "a"), withDelay(job(Rec.class, "b"), 600_000),
                    job(Rec.class, "c")));
            Await.until("the cancelled run's delayed step is scheduled", Duration.ofSeconds(60),
                    () -> engine.workflows().status(cancelled).orElseThrow().jobsDone() == 1);
            assertEquals(io.sideline.ee.ControlResult.Outcome.APPLIED,
                    engine.bean(io.sideline.ee.RunControl.class).cancel(cancelled).outcome());
            runs.add(cancelled);

            // every run's end state as first seen (a finished run's status is kept 3 s, its other keys 1 s)
            Map<String, RunState> ends = new java.util.HashMap<>();
            try {
                Await.until("every run ends", Duration.ofSeconds(120), () -> {
                for (String runId : runs) {
                    if (!ends.containsKey(runId)) {
                        engine.workflows().status(runId).map(RunStatus::state).filter(s -> s != RunState.RUNNING)
                                .ifPresent(s -> ends.put(runId, s));
                    }
                }
                return ends.size() == runs.size();
                });
            } catch (AssertionError e) {
                throw new AssertionError("runs still RUNNING: " + runs.stream().filter(r -> !ends.containsKey(r))
                        .map(r -> engine.workflows().status(r).toString()).toList(), e);
            }
            for (String runId : runs) {
                assertEquals(runId.equals(failed) || runId.equals(failedAlone) ? RunState.FAILED : runId.equals(cancelled) ? RunState.CANCELLED
                        : RunState.SUCCEEDED, ends.get(runId), runId);
            }

            Pattern lasting = Pattern.compile(Pattern.quote(engine.prefix) + "(" + String.join("|", LASTING) + ")");
            List<String> left = new ArrayList<>();
            try {
                Await.until("only the lasting keys remain", Duration.ofSeconds(30), () -> {
                    left.clear();
                    redis.keys(engine.prefix + "*").stream().filter(k -> !lasting.matcher(k).matches()).forEach(left::add);
                    runs.stream().map(engine.config.memory()::key).filter(redis::exists).forEach(left::add);
                    return left.isEmpty();
                });
            } catch (AssertionError e) {
                throw new AssertionError("keys left after the runs' retention: " + left, e);
            }
        }
    }

    /**
     * A finished one-job run keeps one key for its retention: its hash, which holds its graph too (since 2026-12-05
     * session 11); its root barrier is deleted by the completion that made it SUCCEEDED; no graph key, no key index, no
     * memory. 40,000 one-job runs of the benchmark are 40,000 keys, not 120,000 (the code of 2026-12-04: 80,000).
     */
    @Test
    void aFinishedOneJobRunKeepsExactlyItsHash() {
        try (TestEngine engine = TestEngine.start(Map.of()); RedisClient redis = engine.redis()) {
            List<String> runs = new ArrayList<>(List.of(engine.workflows().run(job(Rec.class, "alone"))));
            runs.addAll(engine.workflows().runAll(List.of(job(Rec.class, "alone1"), job(Rec.class, "alone2"))));
            for (String runId : runs) {
                Await.until("run " + runId + " succeeds", Duration.ofSeconds(30),
                        () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            }

            for (String runId : runs) {
                String root = redis.hget(engine.prefix + "run:" + runId, "x").substring(2); // x = o:<root barrier id>
                List<String> kept = new ArrayList<>(redis.keys(engine.prefix + "*" + runId + "*"));
                kept.addAll(redis.keys(engine.prefix + "*" + root + "*"));
                if (redis.exists(engine.config.memory().key(runId))) {
                    kept.add(engine.config.memory().key(runId));
                }
                assertEquals(List.of(engine.prefix + "run:" + runId),
                        kept.stream().sorted().toList(), runId);
            }
        }
    }
}
