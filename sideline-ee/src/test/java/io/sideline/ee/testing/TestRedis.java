package io.sideline.ee.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The real Redis the tests talk to, found in this order: an explicit {@code SIDELINE_TEST_REDIS_URL};
 * else a private {@code redis-server} from PATH on a free loopback port, started once per test JVM and
 * stopped when it exits; else a clear failure saying what to install. Where a Docker engine runs,
 * Testcontainers' Redis comes before {@code redis-server}. Tests isolate themselves with a unique key prefix, never by flushing.
 */
public final class TestRedis {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static String url;
    private static Process server;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    /** A fresh key prefix, so a test sees only its own keys. */
    public static String uniquePrefix() {
        return "sltest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** The private redis-server process, or null when the Redis is external or a container. */
    public static synchronized Process privateServer() {
        url();
        return server;
    }

    private static String locate() {
        String explicit = System.getenv("SIDELINE_TEST_REDIS_URL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String container = startContainerIfDockerRuns();
        if (container != null) {
            return container;
        }
        String binary = findOnPath("redis-server");
        if (binary == null) {
            throw new IllegalStateException("No Redis for the tests: set SIDELINE_TEST_REDIS_URL=redis://host:port, "
                    + "or install redis-server (Debian/Ubuntu: apt-get install -y redis-server)");
        }
        return start(binary);
    }

    private static String start(String binary) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("sideline-test-redis");
            server = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
            awaitListening(port);
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static String startContainerIfDockerRuns() {
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            var redis = new org.testcontainers.containers.GenericContainer<>("redis:7.0").withExposedPorts(6379);
            redis.start();
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        } catch (RuntimeException | LinkageError e) {
            return null; // no usable Docker: fall back to redis-server
        }
    }

    private static void awaitListening(int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + server.exitValue());
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
