package io.sideline.ee.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>{@link #builder} gives more: a fixed port or directory (kept on close), an append-only file, a pid file for
 * a CI script, and {@link #stop()}, {@link #kill9()} and {@link #restart()} on the same port and directory, for
 * tests of outages and of what survives a crash.
 */
public final class RedisServerProcess implements AutoCloseable {

    /** A local redis-server answers in well under a second; this is for a busy CI machine and an AOF reload. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final Path binary;
    private final int port;
    private final Path dir;
    private final boolean ownDir;
    private final List<String> args;
    private final Path pidFile;
    private Process process;

    private RedisServerProcess(Builder builder, int port, Path dir, boolean ownDir) {
        this.binary = builder.binary;
        this.port = port;
        this.dir = dir;
        this.ownDir = ownDir;
        this.pidFile = builder.pidFile;
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (builder.configFile != null) {
            command.add(builder.configFile.toAbsolutePath().toString());
        }
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toAbsolutePath().toString()));
        command.addAll(builder.appendOnly
                ? List.of("--appendonly", "yes", "--appendfsync", "everysec")
                : List.of("--appendonly", "no"));
        command.addAll(builder.extraArgs);
        this.args = List.copyOf(command);
    }

    /** The {@code redis-server} on the PATH, if there is one. */
    public static Optional<Path> findOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code binary} with these extra redis-server arguments and waits until it answers PING. */
    public static RedisServerProcess start(Path binary, String... extraArgs) {
        return builder(binary).args(extraArgs).start();
    }

    /** A server of {@code binary} to configure before {@link Builder#start()}. */
    public static Builder builder(Path binary) {
        return new Builder(binary);
    }

    /** The {@code redis-server} on the PATH; fails saying how to install it when there is none. */
    public static Builder onPath() {
        return builder(findOnPath().orElseThrow(() -> new IllegalStateException(
                "these tests need redis-server on the PATH (Debian/Ubuntu: apt-get install -y redis-server)")));
    }

    /** How a server is started: all optional. */
    public static final class Builder {
        private final Path binary;
        private int port;
        private Path dir;
        private boolean appendOnly;
        private Path pidFile;
        private Path configFile;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path binary) {
            this.binary = binary;
        }

        /** This port instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** This working directory (created if need be, kept on close) instead of a temporary one. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** AOF on with {@code appendfsync everysec} (Redis's AOF default): a restart reloads what was written. */
        public Builder appendOnly() {
            this.appendOnly = true;
            return this;
        }

        /** Writes the server's pid here at each start, for a script that cleans up after a killed test JVM. */
        public Builder pidFile(Path file) {
            this.pidFile = file;
            return this;
        }

        /**
         * A configuration file, read before the arguments (which win); a Sentinel needs one, and rewrites it
         * as it learns the topology.
         */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /** More redis-server arguments, e.g. {@code "--maxmemory-policy", "noeviction"}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Starts the server and waits until it answers PING. */
        public RedisServerProcess start() {
            try {
                boolean ownDir = dir == null;
                Path workDir = ownDir ? Files.createTempDirectory("sideline-test-redis") : Files.createDirectories(dir);
                RedisServerProcess redis = new RedisServerProcess(this, port == 0 ? freeLoopbackPort() : port,
                        workDir, ownDir);
                redis.launch();
                return redis;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary, e);
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean alive() {
        return process.isAlive();
    }

    /** The server's working directory. */
    public Path dir() {
        return dir;
    }

    /** What the server logged (startup problems land here). */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Starts it again on the same port and directory (an AOF is reloaded); fails if it is running. */
    public synchronized void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server is still running on port " + port);
        }
        launch();
    }

    /** SIGTERM, then SIGKILL if need be; the directory stays, so {@link #restart()} may follow. */
    public synchronized void stop() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: Redis gets no chance to write anything more. Returns once it is gone. */
    public synchronized void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it by its pid and deletes its directory unless the builder was given one. */
    @Override
    public synchronized void close() {
        stop();
        if (!ownDir) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
            if (pidFile != null) {
                Files.createDirectories(pidFile.toAbsolutePath().getParent());
                Files.writeString(pidFile, Long.toString(process.pid()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            awaitPong();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Listening is not enough after a crash: Redis answers LOADING while it reloads its AOF. */
    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n" + log());
            }
            if (answersPing()) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + START_TIMEOUT + ":\n" + log());
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = 0;
            while (read < reply.length) {
                int n = in.read(reply, read, reply.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
