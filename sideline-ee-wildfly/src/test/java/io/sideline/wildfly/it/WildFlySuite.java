package io.sideline.wildfly.it;

import io.sideline.ee.test.RedisServerProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Prepares what arquillian.xml reads, once per test JVM and before Arquillian starts WildFly: a private Redis
 * ({@code sideline.wildfly.redis.url}) and a port offset under which all of WildFly's ports are free
 * ({@code sideline.wildfly.port.offset}, {@code sideline.wildfly.management.port}), a fresh base directory
 * ({@code sideline.wildfly.base.dir}, with DashboardWildFlyIT's users and header filters), and the same for the second
 * server of {@code ServerRestartWildFlyIT} ({@code sideline.wildfly.restart.*}). Register it before
 * {@code ArquillianExtension}; the Redis is stopped when the JUnit run ends, after Arquillian has stopped the
 * server (the root store closes its values in reverse order). Inside the container it does nothing.
 */
public final class WildFlySuite implements BeforeAllCallback {

    /** The default socket bindings of standalone-microprofile.xml, all moved by the offset. */
    private static final List<Integer> BASE_PORTS = List.of(8080, 8443, 8009, 9990, 9993, 4712, 4713);
    private static final int MANAGEMENT_PORT = 9990;
    /** arquillian.xml's serverConfig. */
    private static final String SERVER_CONFIG = "standalone-microprofile.xml";

    private static RedisServerProcess redis;
    private static int portOffset;
    private static int restartPortOffset;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (System.getProperty("wildfly.it.dir") == null) {
            return; // in the server: failsafe sets wildfly.it.dir only in the test JVM
        }
        synchronized (WildFlySuite.class) {
            if (redis != null) {
                return;
            }
            portOffset = freeOffset(-1);
            restartPortOffset = freeOffset(portOffset);
            // its pid in wildfly.it.dir: .ci/run stops it by that pid if this JVM is killed
            redis = RedisServerProcess.onPath().pidFile(Path.of(System.getProperty("wildfly.it.dir"), "redis.pid")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-wildfly-it-redis"));
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(WildFlySuite.class, redis);
            System.setProperty("sideline.wildfly.redis.url", redis.url());
            System.setProperty("sideline.wildfly.port.offset", Integer.toString(portOffset));
            System.setProperty("sideline.wildfly.management.port", Integer.toString(MANAGEMENT_PORT + portOffset));
            System.setProperty("sideline.wildfly.restart.port.offset", Integer.toString(restartPortOffset));
            System.setProperty("sideline.wildfly.restart.management.port",
                    Integer.toString(MANAGEMENT_PORT + restartPortOffset));
            Path suiteBase = freshBaseDir("suite-server");
            prepareDashboard(suiteBase);
            System.setProperty("sideline.wildfly.base.dir", suiteBase.toString());
            System.setProperty("sideline.wildfly.restart.base.dir", freshBaseDir("restart-server").toString());
        }
    }

    /** The suite's Redis (client side only). */
    public static RedisServerProcess redis() {
        return redis;
    }

    /** WildFly's management port: MicroProfile Health answers there. */
    public static int managementPort() {
        return MANAGEMENT_PORT + portOffset;
    }

    /**
     * An offset that leaves every moved port free right now (WildFly binds them seconds later) and shares none
     * with {@code other}'s ports.
     */
    private static int freeOffset(int other) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(10_000, 50_000);
            boolean clash = other >= 0 && BASE_PORTS.stream().anyMatch(a -> BASE_PORTS.contains(a + offset - other));
            if (!clash && BASE_PORTS.stream().allMatch(base -> isFree(base + offset))) {
                return offset;
            }
        }
        throw new IOException("no port offset with all of " + BASE_PORTS + " free");
    }

    /**
     * A server base directory ({@code jboss.server.base.dir}): a fresh copy of the dist's standalone/configuration
     * (a deployment that a killed run left in a configuration must not come back; the unpacked dist stays as
     * unpacked) and an empty deployments directory.
     */
    private static Path freshBaseDir(String name) throws IOException {
        Path base = Path.of(System.getProperty("wildfly.it.dir"), name);
        if (Files.exists(base)) {
            try (Stream<Path> files = Files.walk(base)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(base);
        Path source = Path.of(System.getProperty("wildfly.home"), "standalone", "configuration");
        Path target = base.resolve("configuration");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()));
            }
        }
        Files.createDirectories(base.resolve("deployments"));
        return base.toAbsolutePath();
    }

    /**
     * What DashboardWildFlyIT needs of the suite's server, before it starts: its users in the default application
     * realm and docs/dashboard.md's header recipe, applied with the CLI (about 10 s: an embedded server boots).
     */
    private static void prepareDashboard(Path base) throws IOException, InterruptedException {
        DashboardUsers.write(base.resolve("configuration"));
        DashboardRecipe.applyOffline(Path.of(System.getProperty("wildfly.home")), base, SERVER_CONFIG,
                DashboardWildFlyIT.CONTEXT_ROOT, base.resolveSibling("dashboard-headers.log"));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
