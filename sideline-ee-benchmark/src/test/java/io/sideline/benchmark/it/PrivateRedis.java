package io.sideline.benchmark.it;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's own {@code redis-server} (from the PATH) on a free loopback port, nothing persisted; it is
 * stopped by its pid when the benchmark ends, and by a shutdown hook should the test JVM end first.
 */
final class PrivateRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Thread hook;

    private PrivateRedis(Process process, int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(process::destroyForcibly, "stop benchmark redis-server");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Empty when there is no {@code redis-server} on the PATH. */
    static Optional<PrivateRedis> start(Path workDir) {
        try {
            Files.createDirectories(workDir);
            int port = freePort();
            Process process;
            try {
                process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", workDir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("redis.log").toFile())
                        .start();
            } catch (IOException noRedisServer) {
                return Optional.empty();
            }
            PrivateRedis redis = new PrivateRedis(process, port);
            redis.awaitListening();
            return Optional.of(redis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The URL of database {@code db}. */
    String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    /** A new plain connection (the caller closes it). */
    Jedis connect() {
        return new Jedis("127.0.0.1", port, 60_000);
    }

    /** One {@code INFO} section as field -> value. */
    Map<String, String> info(String section) {
        try (Jedis jedis = connect()) {
            Map<String, String> fields = new HashMap<>();
            for (String line : jedis.info(section).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            return fields;
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: redis-server exits at once (nothing to save)
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue()
                        + " (see its log in the benchmark work directory)");
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        close();
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
