package io.sideline.ee.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of the test's own: six {@code redis-server} processes on free loopback ports (three masters,
 * three replicas), joined by {@code redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes}, each in
 * its own temporary directory. {@link #start()} returns once every node reports {@code cluster_state:ok} with
 * all 16384 slots served and every master has its replica online; {@link #close()} stops every node by its pid.
 *
 * <p>The cluster node timeout is 5 s by default: on a busy two-core machine a shorter one lets a stalled node
 * be failed over for nothing. Failover tests may ask for less ({@link #start(Duration)}).
 */
public final class LocalRedisCluster implements AutoCloseable {

    /** The default {@code cluster-node-timeout}. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MASTERS = 3;
    /** Joining and slot propagation take a second or two locally; this is for a loaded CI machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServerProcess> nodes;
    private final RedisCli cli;

    private LocalRedisCluster(List<RedisServerProcess> nodes, RedisCli cli) {
        this.nodes = nodes;
        this.cli = cli;
    }

    /** Six nodes of the PATH's redis-server with the default node timeout. */
    public static LocalRedisCluster start() {
        return start(NODE_TIMEOUT);
    }

    /** Six nodes of the PATH's redis-server with this {@code cluster-node-timeout}. */
    public static LocalRedisCluster start(Duration nodeTimeout) {
        Path binary = RedisServerProcess.findOnPath().orElseThrow(() -> new IllegalStateException(
                "a local cluster needs redis-server on the PATH (Debian/Ubuntu: apt-get install -y redis-server)"));
        List<RedisServerProcess> nodes = new ArrayList<>();
        LocalRedisCluster cluster = new LocalRedisCluster(nodes, RedisCli.besides(binary));
        try {
            for (int i = 0; i < 2 * MASTERS; i++) {
                nodes.add(RedisServerProcess.builder(binary).args("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis())).start());
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            cluster.cli.require(create.toArray(String[]::new));
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * {@code redis-cluster://} with every node's address: the form {@code sideline.redis.url} accepts, and a
     * client needs only one of them to reach.
     */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** All six nodes, in the order they were started (the first three began as the masters). */
    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes that are masters now (after a failover, a promoted replica is one of them), per a live node. */
    public List<RedisServerProcess> masters() {
        String topology = cli.ask(anyAlive().port(), "CLUSTER", "NODES");
        List<RedisServerProcess> masters = new ArrayList<>();
        for (String line : topology.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (servesSlots(fields)) {
                int port = Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1).split("@")[0]);
                nodes.stream().filter(n -> n.port() == port).forEach(masters::add);
            }
        }
        return masters;
    }

    /**
     * Waits until every live node reports {@code cluster_state:ok} with all slots served by {@value #MASTERS}
     * masters, each with a replica online (so that {@code WAIT 1} can be answered).
     */
    public void awaitHealthy() {
        for (RedisServerProcess node : nodes) {
            if (node.alive()) {
                cli.await("cluster_state:ok", READY_TIMEOUT,
                        info -> info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384"),
                        node.port(), "CLUSTER", "INFO");
            }
        }
        cli.await(MASTERS + " masters", READY_TIMEOUT, nodesText -> masterCount(nodesText) == MASTERS,
                anyAlive().port(), "CLUSTER", "NODES");
        for (RedisServerProcess master : masters()) {
            cli.await("a replica online", READY_TIMEOUT, info -> info.contains("connected_slaves:1")
                    && info.contains("state=online"), master.port(), "INFO", "replication");
        }
    }

    private static long masterCount(String nodesText) {
        return nodesText.lines().map(l -> l.trim().split(" ")).filter(LocalRedisCluster::servesSlots).count();
    }

    /** A line of CLUSTER NODES: id, address, flags, master, ping, pong, epoch, link state, then the slots. */
    private static boolean servesSlots(String[] fields) {
        return fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail");
    }

    private RedisServerProcess anyAlive() {
        return nodes.stream().filter(RedisServerProcess::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is alive"));
    }

    /** Stops every node by its pid and deletes their directories. */
    @Override
    public void close() {
        for (RedisServerProcess node : nodes) {
            node.close();
        }
    }
}
