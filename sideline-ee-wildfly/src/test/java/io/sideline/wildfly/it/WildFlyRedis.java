package io.sideline.wildfly.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite's private redis-server (free loopback port, own directory, no persistence), after the library's
 * {@code testing.PrivateRedis}, plus what the health test needs: {@link #stop()} it and {@link #start()} it
 * again on the same port. (The harness issue will share one launcher between the modules.)
 */
public final class WildFlyRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    public final int port;
    private final Path dir;
    private Process process;

    private WildFlyRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a new server on a free port; a JVM that exits without closing it still stops it. */
    public static WildFlyRedis launch() {
        try {
            WildFlyRedis redis = new WildFlyRedis(freePort(), Files.createTempDirectory("sideline-wildfly-redis"));
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "stop-wildfly-it-redis"));
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts the server on its port; returns once it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        try {
            process = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
            writePidFile(process.pid());
        } catch (IOException e) {
            throw new IllegalStateException("these tests need redis-server on PATH (apt-get install -y redis-server)", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    /** Stops the server (its data is gone: it keeps none). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** For .ci/run, which stops it by this pid if the test JVM was killed. */
    private static void writePidFile(long pid) throws IOException {
        String itDir = System.getProperty("wildfly.it.dir");
        if (itDir != null) {
            Files.createDirectories(Path.of(itDir));
            Files.writeString(Path.of(itDir, "redis.pid"), Long.toString(pid));
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
