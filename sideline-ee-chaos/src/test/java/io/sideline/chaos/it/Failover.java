package io.sideline.chaos.it;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisConnector;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.LocalRedisCluster;
import io.sideline.ee.test.LocalRedisSentinel;
import io.sideline.ee.test.RedisServerProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenarios 19 and 20 (issue 14): a master {@code kill -9} under load with {@code sideline.redis.wait-replicas=1},
 * on a Redis Cluster of three masters with a replica each (the cluster promotes the replica) and under Sentinel (a
 * master, its replica and three {@code redis-sentinel}s). Both chaos servers are restarted on the topology's URL; the
 * ledger, the campaign's witness, stays on the campaign's own Redis ({@code CHAOS_LEDGER_URL}), so nothing the kill
 * loses can hide a lost run. Half the runs are started before the kill, half from the kill on (each start retried on
 * either server until one is acknowledged, as a client does); the killed node is restarted once the replica took over
 * and rejoins as its replica, as an operator would.
 *
 * <p>Judged as every scenario ({@link RunCheck}): every acknowledged run completes (0 lost, 0 stuck), no continuation
 * twice, DAG order kept; a job whose completion the kill took runs again (at least once), counted as a re-run after
 * the fault. Figures: {@code failover_ms} (kill to the replica serving as master, as the topology reports it),
 * {@code resume_ms} (kill to the first job start of a run on the killed master's slots), {@code rejoin_ms}.
 */
final class Failover {

    static final String CLUSTER = "19 cluster master kill -9";
    static final String SENTINEL = "20 sentinel master kill -9";
    private static final int RUNS = 40;
    /**
     * The cluster node timeout and Sentinel's down-after: short, so the failover takes seconds; not shorter, as the
     * campaign's two servers share two cores with the nodes (a stalled node would be failed over for nothing).
     */
    private static final Duration DETECT_AFTER = Duration.ofSeconds(3);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The servers' heartbeat TTL here: the library's default (10 s), not the campaign's 4.5 s. A heartbeat lives in
     * shard 0 (or on the one master), so a failover longer than the TTL finds every heartbeat expired on the promoted
     * replica: every live server looks dead, the reapers hand each other's jobs back and forth until the next beats, and
     * a job bounced more than {@code sideline.reaper.max-recoveries} times is buried (a first try at 4.5 s failed a
     * run that way). docs/reliability.md states the rule: the TTL above the failover time.
     */
    static final long HEARTBEAT_TTL_MS = 10_000;
    /**
     * The longest a failover may take from the kill to the first job of the killed master's runs: detection, election,
     * the servers' clients finding the new master. Session 8 measured 5-10 s; a promoted replica that could not load
     * our scripts took 228 s (the chaos servers' reapers got there in the end).
     */
    static final long RESUME_WITHIN_MS = 30_000;

    private final Campaign campaign;

    Failover(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures onCluster() {
        try (OnCluster cluster = new OnCluster(LocalRedisCluster.start(DETECT_AFTER))) {
            return run(CLUSTER, cluster);
        }
    }

    Figures onSentinel() {
        try (OnSentinel sentinel = new OnSentinel(LocalRedisSentinel.start(DETECT_AFTER))) {
            return run(SENTINEL, sentinel);
        }
    }

    /** What a scenario needs of a Redis topology. */
    private interface Topology extends AutoCloseable {
        String url();

        /** The key of a run's status hash. */
        String runKey(String runId);

        /** Kills a master with SIGKILL; returns when. */
        long killMaster();

        /** Whether run {@code runId}'s keys were on the killed master. */
        boolean onKilledMaster(String runId);

        /** Waits until a replica serves as the master in the killed one's place. */
        void awaitPromoted();

        /** Starts the killed node again and waits until it replicates from the promoted one. */
        void rejoin();

        @Override
        void close();
    }

    private Figures run(String name, Topology topology) {
        pointServersAt(topology.url(), 1, HEARTBEAT_TTL_MS);
        try (UnifiedJedis redis = RedisConnector.connect(SidelineConfig.read(
                Map.of(SidelineConfig.Keys.REDIS_URL, topology.url())::get))) {
            RandomTrees trees = new RandomTrees(campaign.random);
            String prefix = name.substring(0, 2).trim() + "f";
            List<ChaosApi.Run> runs = Collections.synchronizedList(new ArrayList<>());
            long refusedBefore = campaign.api.failedAttempts.get();
            for (int i = 0; i < RUNS / 2; i++) {
                runs.add(campaign.api.run(trees.next(prefix + i + "-")));
            }
            Await.holds(Duration.ofSeconds(60), () -> Campaign.copy(runs).stream()
                    .mapToLong(r -> Ledger.read(campaign.redis, r.id()).size()).sum() >= 10);

            long killedAt = topology.killMaster();
            campaign.report.redisKilled();
            Thread starter = new Thread(() -> {
                for (int i = RUNS / 2; i < RUNS; i++) {
                    runs.add(campaign.api.run(trees.next(prefix + i + "-")));
                }
            }, "chaos-failover-starts");
            starter.start();
            topology.awaitPromoted();
            long promotedAt = System.currentTimeMillis();
            topology.rejoin();
            long rejoinedAt = System.currentTimeMillis();
            join(starter);
            // heartbeats written to the killed master may be gone: reapers may take live servers' jobs until the
            // next beat, so re-runs until then are the fault's
            campaign.fleet.redisDisrupted(name, killedAt,
                    rejoinedAt + HEARTBEAT_TTL_MS + 2 * ChaosIT.REAPER_INTERVAL_MS);

            Figures figures = judge(name, Campaign.copy(runs), redis, topology);
            List<ChaosApi.Run> hit = Campaign.copy(runs).stream().filter(r -> topology.onKilledMaster(r.id())).toList();
            long resumed = resumedAfter(hit, killedAt);
            figures.extra.put("failover_ms", promotedAt - killedAt);
            figures.extra.put("rejoin_ms", rejoinedAt - killedAt);
            figures.extra.put("resume_ms", resumed);
            figures.extra.put("runs_on_killed_master", (long) hit.size());
            figures.extra.put("refused_start_attempts", campaign.api.failedAttempts.get() - refusedBefore);
            campaign.report.note(name + " (wait-replicas=1, detection " + DETECT_AFTER.toSeconds() + " s, heartbeat TTL "
                    + HEARTBEAT_TTL_MS / 1000 + " s): "
                    + figures.lost + " acknowledged runs lost, " + figures.stuck + " stuck, " + figures.failed
                    + " failed of " + figures.runs + " (" + hit.size() + " on the killed master); replica promoted "
                    + (promotedAt - killedAt) + " ms after the kill, first job start on its slots "
                    + (resumed < 0 ? "never" : resumed + " ms") + " after it; " + figures.rerunsAfterFault
                    + " jobs re-ran after the fault; " + (campaign.api.failedAttempts.get() - refusedBefore)
                    + " start attempts refused meanwhile (retried)");
            return figures;
        } finally {
            pointServersAt(campaign.redis.url(), 0, ChaosIT.HEARTBEAT_TTL_MS);
        }
    }

    /**
     * Restarts both servers on {@code url} with {@code waitReplicas} and this heartbeat TTL; the ledger stays on the
     * campaign's Redis.
     */
    private void pointServersAt(String url, int waitReplicas, long heartbeatTtlMs) {
        campaign.fleet.awaitAllUp();
        for (ChaosServer server : campaign.fleet.servers()) {
            server.configure(Map.of("SIDELINE_REDIS_URL", url,
                    "SIDELINE_REDIS_WAIT_REPLICAS", Integer.toString(waitReplicas),
                    "SIDELINE_HEARTBEAT_TTL_MS", Long.toString(heartbeatTtlMs),
                    "CHAOS_LEDGER_URL", campaign.redis.url()));
        }
        campaign.fleet.servers().forEach(campaign.fleet::kill9);
        campaign.fleet.awaitAllUp();
    }

    private Figures judge(String name, List<ChaosApi.Run> runs, UnifiedJedis redis, Topology topology) {
        Await.holds(campaign.settings.settleTimeout(), () -> runs.stream().allMatch(r -> {
            String state = stateOf(redis, topology, r.id());
            return state.equals("SUCCEEDED") || state.equals("FAILED");
        }));
        List<Fleet.Disruption> disruptions = campaign.fleet.disruptions();
        Figures figures = new Figures(name);
        for (ChaosApi.Run run : runs) {
            String state = stateOf(redis, topology, run.id());
            RunCheck.Verdict verdict = RunCheck.check(run, state, Ledger.read(campaign.redis, run.id()), disruptions,
                    Set.of());
            figures.add(verdict, switch (state) {
                case "SUCCEEDED" -> "completed";
                case "FAILED" -> "failed";
                case "MISSING" -> "lost";
                default -> "stuck";
            });
        }
        return figures;
    }

    /** A run's state on the topology; MISSING when its status is gone, UNREADABLE while the topology settles. */
    private static String stateOf(UnifiedJedis redis, Topology topology, String runId) {
        try {
            String state = redis.hget(topology.runKey(runId), "state");
            return state == null ? "MISSING" : state;
        } catch (JedisException e) {
            return "UNREADABLE";
        }
    }

    /**
     * Kill to the first start of a job of {@code runs} fetched from the promoted replica (-1: none). No replica is
     * promoted before the kill is even detected ({@link #DETECT_AFTER}), so a start sooner than that was fetched
     * before the kill (a loaded server may take a few hundred ms from a fetch to its job's first ledger entry).
     */
    private long resumedAfter(List<ChaosApi.Run> runs, long killedAt) {
        return runs.stream().flatMap(r -> Ledger.read(campaign.redis, r.id()).stream()).mapToLong(e -> e.start().ms())
                .filter(ms -> ms >= killedAt + DETECT_AFTER.toMillis()).min().stream()
                .map(ms -> ms - killedAt).findFirst().orElse(-1);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Three masters with a replica each; the one killed serves shard 0, where the workers' heartbeats live as well as
     * that shard's runs (the harder case: the reapers of both servers see every heartbeat vanish).
     */
    private static final class OnCluster implements Topology {
        private final LocalRedisCluster cluster;
        private RedisServerProcess victim;
        private List<int[]> victimSlots = List.of();

        OnCluster(LocalRedisCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public String url() {
            return cluster.url();
        }

        @Override
        public String runKey(String runId) {
            return "sideline:{" + shardOf(runId) + "}:run:" + runId;
        }

        private static String shardOf(String runId) {
            return runId.substring(1, runId.indexOf('-'));
        }

        @Override
        public long killMaster() {
            int shardZero = JedisClusterCRC16.getSlot("sideline:{0}:processes");
            for (RedisServerProcess master : cluster.masters()) {
                List<int[]> slots = slotsOf(master);
                if (slots.stream().anyMatch(r -> shardZero >= r[0] && shardZero <= r[1])) {
                    victim = master;
                    victimSlots = slots;
                }
            }
            long at = System.currentTimeMillis();
            victim.kill9();
            return at;
        }

        /** The slot ranges a node serves, from its own line of {@code CLUSTER NODES}. */
        private static List<int[]> slotsOf(RedisServerProcess node) {
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                List<int[]> ranges = new ArrayList<>();
                for (String line : jedis.clusterNodes().split("\n")) {
                    String[] fields = line.trim().split(" ");
                    if (fields.length > 2 && fields[2].contains("myself")) {
                        for (int i = 8; i < fields.length; i++) {
                            if (!fields[i].startsWith("[")) {
                                String[] range = fields[i].split("-");
                                int from = Integer.parseInt(range[0]);
                                ranges.add(new int[]{from, range.length > 1 ? Integer.parseInt(range[1]) : from});
                            }
                        }
                    }
                }
                return ranges;
            }
        }

        @Override
        public boolean onKilledMaster(String runId) {
            int slot = JedisClusterCRC16.getSlot(runKey(runId));
            return victimSlots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }

        @Override
        public void awaitPromoted() {
            Await.require("a replica promoted in place of the killed master", FAILOVER_TIMEOUT, () -> {
                try {
                    List<RedisServerProcess> masters = cluster.masters();
                    return masters.size() == 3 && !masters.contains(victim);
                } catch (RuntimeException settling) {
                    return false;
                }
            });
        }

        @Override
        public void rejoin() {
            victim.restart();
            cluster.awaitHealthy();
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** A master, its replica and three Sentinels. */
    private static final class OnSentinel implements Topology {
        private final LocalRedisSentinel setup;
        private RedisServerProcess victim;
        private RedisServerProcess promoted;

        OnSentinel(LocalRedisSentinel setup) {
            this.setup = setup;
        }

        @Override
        public String url() {
            return setup.url();
        }

        @Override
        public String runKey(String runId) {
            return "sideline:run:" + runId;
        }

        @Override
        public long killMaster() {
            victim = setup.master();
            promoted = setup.replica();
            long at = System.currentTimeMillis();
            victim.kill9();
            return at;
        }

        @Override
        public boolean onKilledMaster(String runId) {
            return true;
        }

        @Override
        public void awaitPromoted() {
            Await.require("the Sentinels name the replica the master", FAILOVER_TIMEOUT, () -> {
                try {
                    return setup.master() == promoted;
                } catch (RuntimeException settling) {
                    return false;
                }
            });
        }

        @Override
        public void rejoin() {
            victim.restart();
            setup.awaitMaster(promoted);
        }

        @Override
        public void close() {
            setup.close();
        }
    }
}
