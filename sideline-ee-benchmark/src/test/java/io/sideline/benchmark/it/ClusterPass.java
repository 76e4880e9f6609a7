package io.sideline.benchmark.it;

import io.sideline.ee.test.Await;
import io.sideline.ee.test.RedisServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The benchmark's cluster run (issue 14): three {@code redis-server} masters in cluster mode on loopback, no
 * replicas (a replica's CPU would blur the masters' figures), the slots split in three, joined by
 * {@code CLUSTER MEET}. benchServer runs on their {@code redis-cluster://} URL (runs over the default 16 shards) and
 * each measured scenario reports Redis CPU per step in total and per master ({@code INFO cpu} of each node before
 * and after) and the spread between masters, {@code (max - min) / mean}. Two cores cannot show throughput growing
 * with masters (the server and the three nodes share them): the per-master CPU per step is the figure that scales.
 */
final class ClusterPass implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final int SLOTS = 16384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServerProcess> nodes;

    private ClusterPass(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts the three masters, gives each a third of the slots, joins them and waits for {@code cluster_state:ok}. */
    static ClusterPass start() {
        List<RedisServerProcess> nodes = new ArrayList<>();
        ClusterPass cluster = new ClusterPass(nodes);
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServerProcess.onPath().args("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no").start());
            }
            for (int i = 0; i < MASTERS; i++) {
                try (Jedis node = cluster.connect(i)) {
                    node.sendCommand(Protocol.Command.CLUSTER, "ADDSLOTSRANGE", Integer.toString(i * SLOTS / MASTERS),
                            Integer.toString((i + 1) * SLOTS / MASTERS - 1));
                    if (i > 0) {
                        node.clusterMeet("127.0.0.1", nodes.get(0).port());
                    }
                }
            }
            for (int i = 0; i < MASTERS; i++) {
                try (Jedis node = cluster.connect(i)) {
                    Await.until("node " + i + " of the benchmark cluster is ok", READY_TIMEOUT, node::clusterInfo,
                            info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS));
                }
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The {@code redis-cluster://} URL of the three masters. */
    String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    private Jedis connect(int node) {
        return new Jedis("127.0.0.1", nodes.get(node).port(), 30_000);
    }

    /** Each master's CPU time so far ({@code used_cpu_user + used_cpu_sys}), µs. */
    private double[] cpuUs() {
        double[] cpu = new double[MASTERS];
        for (int i = 0; i < MASTERS; i++) {
            try (Jedis node = connect(i)) {
                double user = 0;
                double sys = 0;
                for (String line : node.info("cpu").split("\r?\n")) {
                    if (line.startsWith("used_cpu_user:")) {
                        user = Double.parseDouble(line.substring(line.indexOf(':') + 1));
                    } else if (line.startsWith("used_cpu_sys:")) {
                        sys = Double.parseDouble(line.substring(line.indexOf(':') + 1));
                    }
                }
                cpu[i] = (user + sys) * 1e6;
            }
        }
        return cpu;
    }

    /** Runs {@code scenario} of {@code steps} steps and adds what each master spent on it to its figures. */
    JsonObject measured(int rep, long steps, Supplier<JsonObject> scenario) {
        double[] before = cpuUs();
        JsonObject figures = scenario.get();
        double[] after = cpuUs();
        JsonArrayBuilder perMaster = Json.createArrayBuilder();
        double total = 0;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < MASTERS; i++) {
            double perStep = (after[i] - before[i]) / steps;
            perMaster.add(round(perStep));
            total += perStep;
            max = Math.max(max, perStep);
            min = Math.min(min, perStep);
        }
        double spread = total == 0 ? 0 : (max - min) / (total / MASTERS);
        return Json.createObjectBuilder(figures).add("rep", rep).add("masters", MASTERS)
                .add("redis_cpu_us_per_step", round(total))
                .add("redis_cpu_us_per_step_per_master", perMaster)
                .add("master_cpu_spread", Math.round(spread * 1000) / 1000.0).build();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Stops every node by its pid. */
    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
