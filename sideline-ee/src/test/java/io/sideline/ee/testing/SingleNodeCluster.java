package io.sideline.ee.testing;

import io.sideline.ee.engine.Await;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A Redis Cluster of one master that serves all 16384 slots: a {@code redis-server} in cluster mode. It refuses a
 * command or a script whose keys hash to more than one slot ({@code CROSSSLOT}) and a script that touches a key of
 * another slot than its declared ones, exactly as a cluster of many nodes does, but starts in a fraction of a second:
 * the library's one-slot proofs run against it (the kit's {@code LocalRedisCluster}, six nodes, depends on this
 * module and proves the routing over many masters).
 */
public final class SingleNodeCluster implements AutoCloseable {

    private final PrivateRedis server;

    private SingleNodeCluster(PrivateRedis server) {
        this.server = server;
    }

    /** Starts the node, gives it every slot and returns once it reports {@code cluster_state:ok}. */
    public static SingleNodeCluster start() {
        PrivateRedis server = PrivateRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000");
        try (RedisClient admin = RedisClient.create(URI.create("redis://127.0.0.1:" + server.port))) {
            admin.sendCommand(() -> "CLUSTER".getBytes(), "ADDSLOTSRANGE", "0", "16383");
            Await.until("the one-node cluster serves every slot", Duration.ofSeconds(30),
                    () -> new String((byte[]) admin.sendCommand(() -> "CLUSTER".getBytes(), "INFO"),
                            java.nio.charset.StandardCharsets.UTF_8).contains("cluster_state:ok"));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return new SingleNodeCluster(server);
    }

    /** The {@code redis-cluster://} URL of the node, as {@code sideline.redis.url} takes it. */
    public String url() {
        return "redis-cluster://127.0.0.1:" + server.port;
    }

    /**
     * A plain {@code redis://} URL of the node: since it serves every slot, a plain client reaches every key (and
     * still has a script that touches two slots refused).
     */
    public String nodeUrl() {
        return "redis://127.0.0.1:" + server.port;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * One node for a whole test class, started before its first test (and before its {@code @BeforeAll} methods) and
     * stopped after its last (after its {@code @AfterAll} methods, so engines on it stop first):
     * {@code @RegisterExtension static final SingleNodeCluster.PerClass CLUSTER = new SingleNodeCluster.PerClass();}
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private SingleNodeCluster cluster;

        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }

        /** The class's node. */
        public SingleNodeCluster get() {
            return Objects.requireNonNull(cluster, "the cluster starts before the class's first test");
        }
    }
}
