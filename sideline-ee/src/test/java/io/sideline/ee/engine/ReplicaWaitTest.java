package io.sideline.ee.engine;

import io.sideline.ee.RunOptions;
import io.sideline.ee.RunState;
import io.sideline.ee.StartNotReplicatedException;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.CommandLog;
import io.sideline.ee.testing.PrivateRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sideline.redis.wait-replicas}: on a master with one replica, a start is acknowledged only once the replica
 * has it (WAIT on the connection that wrote it, in the same round trip), and with the default 0 nothing is added.
 * The replica is paused with SIGSTOP, as a stalled or partitioned replica.
 */
class ReplicaWaitTest {

    /** Long enough for the steps between a pause and a resume on a busy machine; below the socket timeout. */
    private static final String WAIT_MS = "6000";

    private static PrivateRedis master;
    private static PrivateRedis replica;
    private TestEngine engine;

    @BeforeAll
    static void startPair() {
        master = PrivateRedis.start();
        replica = PrivateRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port));
        try (UnifiedJedis r = client(replica)) {
            Await.until("the replica in sync", Duration.ofSeconds(30),
                    () -> r.info("replication").contains("master_link_status:up"));
        }
    }

    @AfterAll
    static void stopPair() {
        resume(replica);
        replica.close();
        master.close();
    }

    @AfterEach
    void stopEngine() {
        resume(replica);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aStartIsWithheldWhileTheReplicaIsPausedAndAcknowledgedOnceItHasTheRun() throws Exception {
        engine = onMaster(Map.of(SidelineConfig.Keys.REDIS_WAIT_REPLICAS, "1"));
        Step tree = chain(job(Rec.class, "a"), job(Rec.class, "b"));
        String first = engine.workflows().run(tree);
        try (UnifiedJedis onReplica = client(replica)) {
            assertTrue(onReplica.exists(engine.prefix + "run:" + first), "acknowledged: the replica has the run");
        }

        pause(replica);
        CompletableFuture<String> start = CompletableFuture.supplyAsync(
                () -> engine.workflows().run(tree, RunOptions.idempotencyKey("withheld")));
        try (UnifiedJedis onMaster = client(master)) {
            Await.until("the master has the start", Duration.ofSeconds(3),
                    () -> onMaster.exists(engine.prefix + "idem:withheld"));
        }
        // without WAIT the reply follows the write within milliseconds
        assertThrows(java.util.concurrent.TimeoutException.class, () -> start.get(1, TimeUnit.SECONDS),
                "written on the master, but not acknowledged while the replica cannot have it");
        resume(replica);
        String runId = start.get(10, TimeUnit.SECONDS);
        try (UnifiedJedis onReplica = client(replica)) {
            assertTrue(onReplica.exists(engine.prefix + "run:" + runId), "acknowledged once the replica has it");
        }
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId));
    }

    @Test
    void aStartTheReplicaDoesNotAcknowledgeInTimeHasAnUnknownOutcomeAndARetryWithItsKeyFindsIt() {
        engine = onMaster(Map.of(SidelineConfig.Keys.REDIS_WAIT_REPLICAS, "1",
                SidelineConfig.Keys.REDIS_WAIT_TIMEOUT, "500"));
        Step tree = chain(job(Rec.class, "a"), job(Rec.class, "b"));
        pause(replica);
        StartNotReplicatedException e = assertThrows(StartNotReplicatedException.class,
                () -> engine.workflows().run(tree, RunOptions.idempotencyKey("short")));
        assertTrue(e.getMessage().contains("0 of 1 replicas"), e.getMessage());
        String runId = e.ids().get(0);
        try (UnifiedJedis onMaster = client(master)) {
            assertTrue(onMaster.exists(engine.prefix + "run:" + runId), "the master has it and runs it");
        }

        resume(replica);
        assertEquals(runId, engine.workflows().run(tree, RunOptions.idempotencyKey("short")),
                "the retry with the key returns the run that was started, and starts nothing twice");
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId));
    }

    @Test
    void eachCompletionIsFollowedByAWaitOnItsOwnConnectionAndTheDefaultSendsNone() {
        int steps = 20;
        Step tree = chain(IntStream.range(0, steps).mapToObj(i -> (Step) job(Rec.class, "s" + i)).toArray(Step[]::new));
        engine = onMaster(Map.of(SidelineConfig.Keys.CONCURRENCY, "1"));
        List<String> none = completionsAndWaits(tree);
        // one completion per step, plus one the first time Redis does not know the script yet (NOSCRIPT)
        long evals = none.stream().filter(c -> c.contains("\"EVALSHA\"")).count();
        assertTrue(evals >= steps && evals <= steps + 1, String.join("\n", none));
        assertTrue(none.stream().noneMatch(c -> c.contains("\"WAIT\"")), "wait-replicas 0: no WAIT at all");
        engine.close();

        engine = onMaster(Map.of(SidelineConfig.Keys.CONCURRENCY, "1", SidelineConfig.Keys.REDIS_WAIT_REPLICAS, "1"));
        List<String> waited = completionsAndWaits(tree);
        int completions = 0;
        for (int i = 0; i < waited.size(); i++) {
            if (waited.get(i).contains("\"EVALSHA\"")) {
                completions++;
                assertTrue(i + 1 < waited.size() && waited.get(i + 1).contains("\"WAIT\" \"1\" \"" + WAIT_MS + "\"")
                        && client(waited.get(i)).equals(client(waited.get(i + 1))),
                        "a completion's WAIT follows it on its own connection:\n" + String.join("\n", waited));
            }
        }
        assertTrue(completions >= steps && completions <= steps + 1, "one completion per step: " + completions);
    }

    @Test
    void aJobOfNoRunIsAcknowledgedOnlyOnceTheReplicasHaveItsCompletionToo() {
        engine = onMaster(Map.of(SidelineConfig.Keys.CONCURRENCY, "1", SidelineConfig.Keys.REDIS_WAIT_REPLICAS, "1"));
        String worker = engine.bean(RunningWorker.class).current().orElseThrow().id();
        String inProgress = engine.prefix + "inprogress:" + worker;
        List<String> lines;
        try (CommandLog commands = new CommandLog(url(master)); UnifiedJedis redis = client(master)) {
            engine.workflows().enqueue(job(Rec.class, "alone"));
            Await.until("the job of no run is done", Duration.ofSeconds(30), () -> redis.llen(inProgress) == 0
                    && redis.llen(engine.prefix + "queue:default") == 0);
            lines = commands.mentioning("\"").stream()
                    .filter(c -> c.contains("\"EVALSHA\"") && c.contains(inProgress) || c.contains("\"WAIT\"")).toList();
        }
        // its completion is complete_alone.lua, not complete.lua: the replicated write must follow it all the same
        int evals = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"EVALSHA\"")) {
                evals++;
                assertTrue(i + 1 < lines.size() && lines.get(i + 1).contains("\"WAIT\" \"1\"")
                        && client(lines.get(i)).equals(client(lines.get(i + 1))), String.join("\n", lines));
            }
        }
        assertTrue(evals >= 1, "a completion was seen: " + lines);
    }

    /** The completions of a chain (scripts given the worker's in-progress list first) and every WAIT, in order. */
    private List<String> completionsAndWaits(Step tree) {
        String worker = engine.bean(RunningWorker.class).current().orElseThrow().id();
        Pattern completion = Pattern.compile("\"EVALSHA\" \"[0-9a-f]+\" \"\\d+\" \""
                + Pattern.quote(engine.prefix + "inprogress:" + worker) + "\"");
        try (CommandLog commands = new CommandLog(url(master))) {
            String runId = engine.workflows().run(tree);
            assertEquals(RunState.SUCCEEDED, awaitEnd(runId));
            return commands.mentioning("\"").stream()
                    .filter(c -> completion.matcher(c).find() || c.contains("\"WAIT\"")).toList();
        }
    }

    /** The client address MONITOR prints: {@code [0 127.0.0.1:50312]}. */
    private static String client(String monitorLine) {
        Matcher m = Pattern.compile("\\[\\d+ ([^\\]]+)\\]").matcher(monitorLine);
        return m.find() ? m.group(1) : "?";
    }

    private RunState awaitEnd(String runId) {
        return Await.value("run " + runId + " ends", Duration.ofSeconds(30),
                () -> engine.workflows().status(runId).orElseThrow().state(), s -> s != RunState.RUNNING);
    }

    private TestEngine onMaster(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(SidelineConfig.Keys.REDIS_URL, url(master));
        all.put(SidelineConfig.Keys.REDIS_TIMEOUT, "10000");
        // a heartbeat outlives one that timed out: more than 2 x the engine's 200 ms interval + the 10 s timeout
        all.put(SidelineConfig.Keys.HEARTBEAT_TTL, "11000");
        all.putIfAbsent(SidelineConfig.Keys.REDIS_WAIT_TIMEOUT, WAIT_MS);
        return TestEngine.startOn(all, io.sideline.ee.testing.TestRedis.uniquePrefix());
    }

    private static String url(PrivateRedis redis) {
        return "redis://127.0.0.1:" + redis.port;
    }

    private static UnifiedJedis client(PrivateRedis redis) {
        return new UnifiedJedis(URI.create(url(redis)));
    }

    private static void pause(PrivateRedis redis) {
        signal(redis, "-STOP");
    }

    private static void resume(PrivateRedis redis) {
        signal(redis, "-CONT");
    }

    /** SIGSTOP or SIGCONT to the server's own pid, which it reports itself (a process this test started). */
    private static void signal(PrivateRedis redis, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pidOf(redis))).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill " + signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Map<Integer, Long> PIDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static long pidOf(PrivateRedis redis) {
        return PIDS.computeIfAbsent(redis.port, port -> {
            try (UnifiedJedis r = client(redis)) {
                return Long.parseLong(r.info("server").lines().filter(l -> l.startsWith("process_id:"))
                        .findFirst().orElseThrow().substring("process_id:".length()).trim());
            }
        });
    }
}
