package io.sideline.chaos.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault-injection campaign (issue 4): one private redis-server (AOF everysec) shared by two Liberty servers,
 * chaosA and chaosB, running the chaos WAR with short heartbeat and reaper settings. Each test is one scenario; it
 * adds its figures to the report before asserting, and the report (table and {@code target/chaos.json}) is written
 * however the scenarios ended. The reduced campaign runs in {@code mvn verify}; {@code -Pchaos} runs the full one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    /** The chaos servers' stall threshold (scenario 9), short enough to see within seconds. */
    static final long STALL_AFTER_MS = 4_000;
    /** Short heartbeat settings: a killed server's jobs are recovered within seconds (default: 10 s + 5 s). */
    static final long HEARTBEAT_INTERVAL_MS = 1_000;
    static final long HEARTBEAT_TTL_MS = 4_500;
    static final long REAPER_INTERVAL_MS = 1_000;
    /**
     * The retention TTLs of every scenario but 18 (the library's defaults), always written: scenario 18 gives the
     * servers 2-5 s TTLs for its restarts and writes these back after, and a previous campaign in the same target
     * directory may have left its values in server.env.
     */
    static final Map<String, String> CAMPAIGN_TTLS = Map.of("SIDELINE_BARRIER_TTL", "86400",
            "SIDELINE_MEMORY_TTL", "300", "SIDELINE_RUN_TTL", "604800");

    private static Settings settings;
    private static CampaignRedis redis;
    private static ChaosDatabase database;
    private static Fleet fleet;
    private static Report report;
    private static Campaign campaign;
    private static Thread cleanupHook;

    @BeforeAll
    static void startCampaign() {
        settings = Settings.fromSystemProperties();
        System.out.printf("chaos: %s campaign, seed %d (replay: -Dchaos.seed=%d)%n", settings.mode(), settings.seed(),
                settings.seed());
        report = new Report(settings);
        Path redisDir = settings.workDir().resolve("redis");
        deleteRecursively(redisDir); // a fresh AOF: a previous campaign's keys would confuse this one's checks
        redis = CampaignRedis.start(redisDir, settings.redisPort());
        database = ChaosDatabase.start();
        List<ChaosServer> servers = List.of(new ChaosServer("chaosA", settings.portA(), settings.wlp()),
                new ChaosServer("chaosB", settings.portB(), settings.wlp()));
        for (ChaosServer server : servers) {
            server.configure(environment(server.name()));
        }
        fleet = new Fleet(servers, redis, settings);
        cleanupHook = new Thread(ChaosIT::stopEverything, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        long starting = System.currentTimeMillis();
        fleet.startAll();
        report.timing("start servers", System.currentTimeMillis() - starting);
        campaign = new Campaign(settings, redis, fleet, new ChaosApi(fleet, redis), report);
    }

    /** sideline-ee's settings for the chaos servers, as MicroProfile Config environment variables (server.env). */
    private static Map<String, String> environment(String serverName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIDELINE_REDIS_URL", redis.url());
        env.put("CHAOS_SERVER", serverName);
        env.put("SIDELINE_HEARTBEAT_INTERVAL_MS", Long.toString(HEARTBEAT_INTERVAL_MS));
        env.put("SIDELINE_HEARTBEAT_TTL_MS", Long.toString(HEARTBEAT_TTL_MS));
        env.put("SIDELINE_REAPER_INTERVAL_MS", Long.toString(REAPER_INTERVAL_MS));
        env.put("SIDELINE_RUN_STALL_AFTER_MS", Long.toString(STALL_AFTER_MS));
        // -Dchaos.barrier.type=at-most-once: the campaign under the seed's barrier (issue 9 §7); always written, or
        // the server.env of a previous campaign in the same target directory would keep its value
        env.put("SIDELINE_BARRIER_TYPE", System.getProperty("chaos.barrier.type", "atomic"));
        env.putAll(CAMPAIGN_TTLS);
        // scenarios 19-20 point the servers at a cluster or Sentinel with wait-replicas=1 and the ledger on this Redis,
        // and write these back after; always written, or a previous campaign's server.env would keep its values
        // (a ledger URL on that campaign's port, long gone)
        env.put("CHAOS_LEDGER_URL", redis.url());
        env.put("SIDELINE_REDIS_WAIT_REPLICAS", "0");
        env.put("CHAOS_DB_URL", database.url());
        env.put("CHAOS_H2_JAR", ChaosDatabase.driverJar());
        return env;
    }

    private long testStartedMs;

    @BeforeEach
    void startClock(TestInfo test) {
        testStartedMs = System.currentTimeMillis();
        System.out.printf("chaos: %tT %s%n", testStartedMs, test.getDisplayName());
    }

    @AfterEach
    void stopClock(TestInfo test) {
        long ms = System.currentTimeMillis() - testStartedMs;
        report.timing(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?"), ms);
        System.out.printf("chaos: %s took %d s%n", test.getDisplayName(), ms / 1000);
    }

    @Test
    @Order(1)
    void randomKills() {
        Figures figures = new RandomKill(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertTrue(figures.kills >= settings.randomKills(), "kills: " + figures.kills);
    }

    @Test
    @Order(2)
    void crashPoints() {
        Figures figures = new CrashMatrix(campaign).run();
        report.scenario(figures);
        assertClean(figures);
    }

    @Test
    @Order(3)
    void duplicateDelivery() {
        Figures figures = new DuplicateDelivery(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertChecksPass("duplicate");
    }

    @Test
    @Order(4)
    void badInput() {
        new BadInput(campaign).run();
        assertChecksPass("bad input");
    }

    @Test
    @Order(5)
    void zombie() {
        Figures figures = new Zombie(campaign).run();
        report.scenario(figures);
        assertChecksPass("zombie");
    }

    @Test
    @Order(6)
    void stalledRun() {
        Figures figures = new StallVisibility(campaign).run();
        report.scenario(figures);
        assertChecksPass("stalled");
    }

    @Test
    @Order(7)
    void poisonPill() {
        assumeTrue(settings.poisonPill(), "full campaign only (-Pchaos)");
        Figures figures = new PoisonPill(campaign).run();
        report.scenario(figures);
        assertChecksPass("poison");
    }

    @Test
    @Order(8)
    void gracefulStop() {
        assumeTrue(settings.full(), "full campaign only (-Pchaos)");
        Figures figures = new GracefulStop(campaign).run();
        report.scenario(figures);
        assertClean(figures);
    }

    @Test
    @Order(9)
    void redisFaults() {
        assumeTrue(settings.full(), "full campaign only (-Pchaos)");
        List<Figures> all = new RedisFaults(campaign).run();
        all.forEach(report::scenario);
        // a Redis crash with appendfsync everysec may lose up to a second of writes (README): reported, not asserted
        all.stream().skip(1).forEach(ChaosIT::assertClean);
    }

    @Test
    @Order(10)
    void bigFanOut() {
        // the full campaign's groups of 49,999 (100,000 jobs, about 5 minutes here); the reduced one's of 10,000 (issue
        // 10: a 20,000-job group in mvn -B verify), both with a kill in the launch's stage and one in the release's
        Figures figures = new BigFanOut(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertEquals(1L, figures.extra.get("runs_started"), "one run for the key");
        assertEquals(0L, figures.extra.get("stages_left"), "every stage drained or dropped");
        // far below the 2 s socket timeout and the 3 s heartbeat TTL: no heartbeat lapses because of our scripts
        assertTrue(figures.extra.get("max_redis_command_us") < 500_000, "longest command: " + figures.extra);
    }

    @Test
    @Order(11)
    void pausedRedisAcrossKeyedStarts() throws Exception {
        // in the reduced campaign too (16 runs instead of 60): no restart, under 30 s
        Figures figures = new PausedRedis(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertEquals(figures.extra.get("keys"), figures.extra.get("distinct_run_ids"), "one run id per key");
        assertEquals(figures.extra.get("keys"), figures.extra.get("runs_started"), "no duplicate run");
        assertTrue(figures.extra.get("failed_attempts") > 0, "the pause met no start: " + figures.extra);
    }

    @Test
    @Order(14)
    void startBeforeRedis() {
        Figures figures = new StartOrder(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertChecksPass("start order");
    }

    @Test
    @Order(15)
    void jvmErrors() {
        Figures figures = new JvmErrors(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertChecksPass("errors");
    }

    @Test
    @Order(16)
    void hungJobs() {
        Figures figures = new HungJobs(campaign).run();
        report.scenario(figures);
        assertClean(figures);
        assertChecksPass("hung");
    }

    @Test
    @Order(17)
    void transactionalJobKilledAfterCommit() {
        Figures figures = new TxKill(campaign, database).run();
        report.scenario(figures);
        assertClean(figures);
        assertChecksPass("jta");
    }

    @Test
    @Order(18)
    void timePastTinyTtls() {
        // full campaign only: its restart round alone (the backlog) took 60 of its 64 s in a reduced run, and the
        // rule for the reduced campaign is < 60 s per scenario
        assumeTrue(settings.full(), "full campaign only (-Pchaos)");
        Figures figures = new TimePastTtls(campaign, CAMPAIGN_TTLS).run();
        report.scenario(figures);
        assertClean(figures);
        assertEquals(0L, figures.extra.get("missing_completions"), "no completion met a missing barrier: " + figures.problems);
        assertEquals(1L, figures.extra.get("finished_runs_collected"), "the tiny TTLs were in force: " + figures.problems);
    }

    @Test
    @Order(19)
    void clusterMasterKilled() {
        // full campaign only: two Liberty restarts each way and a six-node cluster take over a minute here
        assumeTrue(settings.full(), "full campaign only (-Pchaos)");
        Figures figures = new Failover(campaign).onCluster();
        report.scenario(figures);
        assertClean(figures);
        assertTrue(figures.extra.get("runs_on_killed_master") > 0, "some runs lived on the killed master");
        assertTrue(figures.extra.get("resume_ms") >= 0 && figures.extra.get("resume_ms") < Failover.RESUME_WITHIN_MS,
                "the killed master's runs resumed in time: " + figures.extra);
    }

    @Test
    @Order(20)
    void sentinelMasterKilled() {
        assumeTrue(settings.full(), "full campaign only (-Pchaos)");
        Figures figures = new Failover(campaign).onSentinel();
        report.scenario(figures);
        assertClean(figures);
        assertTrue(figures.extra.get("resume_ms") >= 0 && figures.extra.get("resume_ms") < Failover.RESUME_WITHIN_MS,
                "the runs resumed on the promoted replica in time: " + figures.extra);
    }

    @AfterAll
    static void report() {
        try {
            if (fleet != null) {
                report.serverStarts(fleet.startMillis());
            }
            if (report != null) {
                System.out.println(report.table());
                report.write(settings.output());
                System.out.println("chaos: figures written to " + settings.output().toAbsolutePath());
            }
        } finally {
            stopEverything();
            if (cleanupHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanupHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }

    private static synchronized void stopEverything() {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    private static void assertClean(Figures f) {
        String context = f.scenario + ": " + f.problems;
        assertEquals(f.runs, f.completed, "runs not completed. " + context);
        assertEquals(0, f.dupContinuations, "duplicate continuations. " + context);
        assertEquals(0, f.dagViolations + f.typedViolations, "DAG/typed violations. " + context);
        assertEquals(0, f.dupSteps, "duplicate steps. " + context);
    }

    private static void assertChecksPass(String prefix) {
        var json = report.toJson().getJsonObject("checks");
        List<String> failed = json.keySet().stream().filter(k -> k.startsWith(prefix))
                .filter(k -> !json.getJsonObject(k).getBoolean("pass"))
                .map(k -> k + ": " + json.getJsonObject(k).getString("summary", "")).toList();
        assertEquals(List.of(), failed);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
