package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.ScriptBudget;
import io.sideline.ee.testing.CommandLog;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel (or a fail-fast death) parks the run's waiting jobs in bounded steps (halt.lua's first step, then
 * park.lua through {@link ParkSweep}), on a real Redis with 20,000 queued jobs: no script call examines more than the
 * budget, a halt between two steps loses nothing and a cancel again finishes the sweep, and the workers' fetches and
 * pushes between steps make the sweep skip nothing.
 */
class ParkSweepTest {

    /** Entries one call may read (a step's budget, plus the window it looks for its anchor in). */
    private static final int READ_CAP = ScriptBudget.MAX_ELEMENTS + 100;
    /** Element operations one call may make: per entry read at most a read, a mark or removal, a push, a node. */
    private static final int ELEMENT_CAP = 4 * ScriptBudget.MAX_ELEMENTS + 200;

    private final PayloadCodec codec = new PayloadCodec();
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void close() {
        fixtures.forEach(Fixture::close);
    }

    /** A private prefix on a connection that can stop before its nth script call. */
    private final class Fixture {
        final HaltingRedis redis = new HaltingRedis();
        final String prefix = TestRedis.uniquePrefix();
        final RedisKeys keys = new RedisKeys(prefix);
        final RedisScripts scripts = new RedisScripts(redis, keys);
        final SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, prefix)::get);
        /** Every payload written, by queue or set key, in the order the workers would take them. */
        final Map<String, List<String>> written = new HashMap<>();
        /** The graph node of the next job written: one node per job across all sources. */
        int nextNode;

        Fixture() {
            fixtures.add(this);
            new ScriptFixtureLaunch(scripts).launch();
        }

        RedisRunControl control(int limit, Runnable afterStep) {
            return new RedisRunControl(redis, scripts, keys, config,
                    new ParkSweep(redis, scripts, keys, limit, afterStep));
        }

        /** n jobs on the queue, every {@code every}-th of run-1, fetched in the order written. */
        void queue(String name, int n, int every) {
            redis.sadd(keys.queues(), name);
            List<String> jobs = jobs(name, n, every);
            written.put(keys.queue(name), jobs);
            for (int from = 0; from < n; from += 1000) {
                redis.lpush(keys.queue(name), jobs.subList(from, Math.min(n, from + 1000)).toArray(String[]::new));
            }
        }

        /** n jobs in a sorted set (due in index order), every {@code every}-th of run-1. */
        void set(String key, String tag, int n, int every) {
            List<String> jobs = jobs(tag, n, every);
            written.put(key, jobs);
            Map<String, Double> scored = new HashMap<>();
            for (int i = 0; i < n; i++) {
                scored.put(jobs.get(i), 1_000_000.0 + i);
            }
            redis.zadd(key, scored);
        }

        private List<String> jobs(String tag, int n, int every) {
            List<String> jobs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean ours = i % every == 0;
                jobs.add(codec.encode(JobPayload.builder("T", "[]", tag + "-" + i, "default")
                        .run(ours ? "run-1" : "run-" + tag + "-other", List.of("root")).node(nextNode++).build()));
            }
            return jobs;
        }

        /** What a source holds now, in the order the workers would take it. */
        List<String> now(String key) {
            if (key.equals(keys.schedule()) || key.equals(keys.retry())) {
                return redis.zrange(key, 0, -1);
            }
            List<String> list = new ArrayList<>(redis.lrange(key, 0, -1));
            java.util.Collections.reverse(list);
            return list;
        }

        List<String> parked() {
            return redis.lrange(keys.parked("run-1"), 0, -1);
        }

        void close() {
            for (String key : redis.keys(prefix + "*")) {
                redis.unlink(key);
            }
            redis.close();
        }
    }

    /**
     * run-1 running, with its root barrier (launch.lua on the fixture's scripts): a root of two, so that it is a run of
     * many jobs (a root of one would make it a one-job run, whose graph is its hash's).
     */
    private record ScriptFixtureLaunch(RedisScripts scripts) {
        void launch() {
            scripts.launch(new ScriptArgs.RunLaunch("run-1", plan(List.of(barrier("root", 2, false, "", true)),
                    List.of()), 1), ScriptFixture.TTLS, ScriptArgs.Memory.NONE);
        }
    }

    private static boolean ours(String payload) {
        return payload.contains("\"sideline_run_id\":\"run-1\"");
    }

    private static List<String> of(List<String> payloads, boolean ours) {
        return payloads.stream().filter(p -> ours(p) == ours).toList();
    }

    /** Every job of run-1 written to any source, in no particular order. */
    private static List<String> allOurs(Fixture f) {
        List<String> all = new ArrayList<>();
        f.written.values().forEach(jobs -> all.addAll(of(jobs, true)));
        return all.stream().sorted().toList();
    }

    @Test
    void aCancelAmongTwentyThousandQueuedJobsParksThemAllWithNoCallOverTheBudget() {
        Fixture f = new Fixture();
        f.queue("default", 20_000, 10);
        f.queue("mail", 3_000, 30);
        f.set(f.keys.schedule(), "s", 1_500, 3);
        f.set(f.keys.retry(), "r", 600, 2);
        RedisRunControl control = f.control(ScriptBudget.MAX_ELEMENTS, () -> { });
        int expected = allOurs(f).size();
        assertEquals(2_000 + 100 + 500 + 300, expected);

        List<int[]> perCall;
        try (CommandLog log = new CommandLog()) {
            assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, expected, ""),
                    control.cancel("run-1"));
            perCall = elementsPerScriptCall(log);
        }

        assertTrue(f.redis.zscore(f.keys.runsIndex("CANCELLED"), "run-1") != null, "listed as CANCELLED at once");
        assertEquals(null, f.redis.zscore(f.keys.runsIndex("RUNNING"), "run-1"));
        assertTrue(perCall.size() >= 20_000 / ScriptBudget.MAX_ELEMENTS, "calls: " + perCall.size());
        for (int[] call : perCall) {
            assertTrue(call[0] <= READ_CAP, "entries read in one call: " + call[0]);
            assertTrue(call[1] <= ELEMENT_CAP, "element operations in one call: " + call[1]);
        }
        assertEquals(allOurs(f), f.parked().stream().sorted().toList(), "every job of the run parked, once");
        for (Map.Entry<String, List<String>> source : f.written.entrySet()) {
            assertEquals(of(source.getValue(), false), f.now(source.getKey()),
                    "the other runs' jobs stay, in their order: " + source.getKey());
        }
        assertNodes(f, "cancelled");

        // the measure bites: the same scan in one call (what halt.lua did before) reads every entry
        Fixture again = new Fixture();
        again.queue("default", 20_000, 10);
        again.redis.hset(again.keys.run("run-1"), "state", "CANCELLED");
        try (CommandLog log = new CommandLog()) {
            again.scripts.park("run-1", again.keys.queue("default"), true, "", "0", 20_000, 60);
            int[] single = elementsPerScriptCall(log).get(0);
            assertTrue(single[0] > READ_CAP, "one call reads " + single[0]);
        }
        assertEquals(2_000, again.parked().size());
    }

    @Test
    void aHaltBetweenTwoStepsLosesNothingAndACancelAgainFinishesTheSweep() {
        for (int haltAt : new int[] {3, 4, 5, 8, 13}) {
            Fixture f = new Fixture();
            f.queue("default", 6_000, 7);
            f.set(f.keys.schedule(), "s", 400, 4);
            RedisRunControl control = f.control(500, () -> { });
            f.redis.haltBefore(haltAt);
            try {
                control.cancel("run-1");
                throw new AssertionError("no halt before call " + haltAt);
            } catch (HaltingRedis.Halt expected) {
                // the server died between two steps
            }
            f.redis.resume();

            assertEquals("CANCELLED", f.redis.hget(f.keys.run("run-1"), "state"), "halt " + haltAt);
            List<String> everything = new ArrayList<>(f.parked());
            f.written.keySet().forEach(key -> everything.addAll(f.now(key)));
            List<String> all = new ArrayList<>();
            f.written.values().forEach(all::addAll);
            assertEquals(all.stream().sorted().toList(), everything.stream().sorted().toList(),
                    "nothing lost, nothing twice, halt " + haltAt);
            // what was parked is what the workers would have taken first: the rest of the run waits behind it
            List<String> queued = f.written.get(f.keys.queue("default"));
            int lastParked = -1;
            int firstLeft = Integer.MAX_VALUE;
            for (int i = 0; i < queued.size(); i++) {
                if (ours(queued.get(i)) && f.parked().contains(queued.get(i))) {
                    lastParked = Math.max(lastParked, i);
                } else if (ours(queued.get(i))) {
                    firstLeft = Math.min(firstLeft, i);
                }
            }
            assertTrue(lastParked < firstLeft, "halt " + haltAt + ": parked up to " + lastParked + ", left from " + firstLeft);
            assertTrue(lastParked >= 0, "halt.lua's own step parked the jobs nearest to starting, halt " + haltAt);

            int before = f.parked().size();
            ControlResult again = control.cancel("run-1");
            assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED,
                    allOurs(f).size() - before, ""), again, "halt " + haltAt);
            assertEquals(allOurs(f), f.parked().stream().sorted().toList(), "halt " + haltAt);
            for (Map.Entry<String, List<String>> source : f.written.entrySet()) {
                assertEquals(of(source.getValue(), false), f.now(source.getKey()), "halt " + haltAt);
            }
        }
    }

    @Test
    void fetchesAndPushesBetweenStepsMakeTheSweepSkipNothing() {
        Fixture f = new Fixture();
        f.queue("default", 8_000, 5);
        List<String> fetched = new ArrayList<>();
        List<String> pushed = new ArrayList<>();
        Runnable workers = () -> {
            for (int i = 0; i < 40; i++) {
                String job = f.redis.rpop(f.keys.queue("default"));
                if (job != null) {
                    fetched.add(job);
                }
            }
            for (int i = 0; i < 25; i++) {
                String job = codec.encode(JobPayload.builder("T", "[]", "new-" + pushed.size(), "default")
                        .run("run-new", List.of("root")).build());
                pushed.add(job);
                f.redis.lpush(f.keys.queue("default"), job);
            }
        };
        RedisRunControl control = f.control(300, workers);

        control.cancel("run-1");

        assertTrue(fetched.size() >= 500, "the workers fetched between the steps: " + fetched.size());
        assertEquals(List.of(), of(fetched, true), "no job of the run reached a worker");
        assertEquals(allOurs(f), f.parked().stream().sorted().toList(), "every job of the run parked, once");
        List<String> taken = new ArrayList<>(fetched);
        taken.addAll(f.now(f.keys.queue("default")));
        List<String> others = new ArrayList<>(of(f.written.get(f.keys.queue("default")), false));
        others.addAll(pushed);
        assertEquals(others, taken, "the other jobs, each once, in their order");
    }

    @Test
    void aFailFastDeathParksTheRunsQueuedJobsInSteps() {
        Fixture f = new Fixture();
        f.queue("default", 5_000, 4);
        String dying = codec.encode(JobPayload.builder("T", "[]", "dying", "default").run("run-1", List.of("root"))
                .build());
        f.redis.lpush(f.keys.inProgress("w1"), dying);
        RedisJobQueue queue = new RedisJobQueue(f.redis, f.scripts, f.keys, f.config);

        try (CommandLog log = new CommandLog()) {
            assertEquals(JobQueue.FailOutcome.DEAD, queue.fail("w1", dying, dying, false, 0, "run-1"));
            for (int[] call : elementsPerScriptCall(log)) {
                assertTrue(call[0] <= READ_CAP, "entries read in one call: " + call[0]);
            }
        }

        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals(allOurs(f), f.parked().stream().sorted().toList());
        assertEquals(of(f.written.get(f.keys.queue("default")), false), f.now(f.keys.queue("default")));
        assertFalse(f.parked().contains(dying), "the dead job is in the dead set, not parked");
        assertNodes(f, "cancelled");

        // a retry enqueues the parked jobs again: their nodes are queued, no longer cancelled
        ControlResult retried = f.control(ScriptBudget.MAX_ELEMENTS, () -> { }).retry("run-1");
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, allOurs(f).size() + 1, ""),
                retried);
        assertEquals(5_001, f.redis.llen(f.keys.queue("default")));
        assertNodes(f, "queued");
    }

    /** Every node of a job of run-1 written to any source is in {@code state} in the run's graph. */
    private void assertNodes(Fixture f, String state) {
        Map<String, String> graph = f.redis.hgetAll(f.keys.nodes("run-1"));
        for (String job : allOurs(f)) {
            JobPayload p = codec.decode(job);
            assertEquals(state + ":" + p.jid(), graph.get(Integer.toString(p.node())), "node of " + p.jid());
        }
    }

    /**
     * For each EVALSHA MONITOR saw: {entries its script read (LRANGE/ZRANGE widths, LPOS's MAXLEN), element operations
     * (those reads, plus the values each write names)}. MONITOR tags the script's commands "lua".
     */
    static List<int[]> elementsPerScriptCall(CommandLog log) {
        List<int[]> calls = new ArrayList<>();
        for (String line : log.mentioning("")) {
            List<String> args = quoted(line);
            if (args.isEmpty()) {
                continue;
            }
            String command = args.get(0).toUpperCase(java.util.Locale.ROOT);
            if (command.equals("EVALSHA")) {
                calls.add(new int[2]);
            } else if (line.contains(" lua]") && !calls.isEmpty()) {
                int[] call = calls.get(calls.size() - 1);
                int read = reads(command, args);
                call[0] += read;
                call[1] += read + writes(command, args);
            }
        }
        return calls;
    }

    /** The quoted arguments of a MONITOR line (a backslash escapes the next character). */
    static List<String> quoted(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder arg = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (arg == null) {
                if (c == '"') {
                    arg = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                arg.append(line.charAt(++i));
            } else if (c == '"') {
                args.add(arg.toString());
                arg = null;
            } else {
                arg.append(c);
            }
        }
        return args;
    }

    private static int reads(String command, List<String> args) {
        return switch (command) {
            case "LRANGE" -> width(Long.parseLong(args.get(2)), Long.parseLong(args.get(3)));
            case "ZRANGE" -> args.contains("BYSCORE") ? Integer.parseInt(args.get(args.indexOf("LIMIT") + 2))
                    : width(Long.parseLong(args.get(2)), Long.parseLong(args.get(3)));
            case "LPOS" -> args.contains("MAXLEN") ? Integer.parseInt(args.get(args.indexOf("MAXLEN") + 1))
                    : Integer.MAX_VALUE / 4;
            default -> 0;
        };
    }

    private static int writes(String command, List<String> args) {
        return switch (command) {
            case "RPUSH", "LPUSH", "SADD", "ZREM" -> args.size() - 2;
            case "HSET" -> (args.size() - 2) / 2;
            case "LREM" -> Math.abs(Integer.parseInt(args.get(2)));
            default -> 1;
        };
    }

    /** Entries an index range covers: both ends on the same side, or the whole list (counted as unbounded). */
    static int width(long start, long stop) {
        if ((start < 0) == (stop < 0)) {
            return (int) Math.max(0, stop - start + 1);
        }
        return Integer.MAX_VALUE / 4;
    }
}
