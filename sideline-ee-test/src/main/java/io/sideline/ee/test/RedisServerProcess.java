package io.sideline.ee.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A redis-server of the test's own: a free loopback port, its own temporary directory, no persistence
 * ({@code --save "" --appendonly no}: no dump.rdb is left behind). {@link #close()} stops it by its pid and
 * deletes the directory. Works for any redis-server binary: the one on the PATH or the embedded one.
 */
public final class RedisServerProcess implements AutoCloseable {

    /** A local redis-server listens in well under a second; this is for a busy CI machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisServerProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** The {@code redis-server} on the PATH, if there is one. */
    public static Optional<Path> findOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code binary} with these extra redis-server arguments and waits until it accepts connections. */
    public static RedisServerProcess start(Path binary, String... extraArgs) {
        try {
            int port = freeLoopbackPort();
            Path dir = Files.createTempDirectory("sideline-test-redis");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            command.addAll(List.of(extraArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisServerProcess redis = new RedisServerProcess(port, dir, process);
            try {
                redis.awaitListening();
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** What the server logged (startup problems land here). */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    /** SIGTERM to its pid (Redis exits cleanly and, with {@code --save ""}, writes nothing), then SIGKILL if need be. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
