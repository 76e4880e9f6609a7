package io.sideline.ee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A redis-server of one test's own (free loopback port, own directory, no persistence), for tests that
 * change server-wide settings: ACL users, {@code requirepass}, TLS. Unlike {@link TestRedis} it is
 * stopped by {@link #close()}, and its directory is deleted. For outage tests it can also start on a port chosen
 * beforehand ({@link #startOn}), be killed ({@link #kill()}) and start again on the same port and directory
 * ({@link #restart()}), e.g. from its AOF with {@code --appendonly yes}.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    public final int port;
    public final Path dir;
    private final List<String> command;
    private volatile Process process;

    private PrivateRedis(int port, Path dir, List<String> command, Process process) {
        this.port = port;
        this.dir = dir;
        this.command = command;
        this.process = process;
    }

    /** A loopback port with nothing listening on it now (for a server started later with {@link #startOn}). */
    public static int unusedPort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain-TCP server on {@code port} with these extra redis-server arguments. */
    public static PrivateRedis startOn(int port, String... args) {
        return launch(false, port, List.of(args));
    }

    /** SIGKILL: no shutdown, no final write; only what the AOF (if on) already holds survives. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts redis-server again, same port, directory and arguments (it loads its AOF, if on). */
    public void restart() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening();
    }

    /** A plain-TCP server with these extra redis-server arguments. */
    public static PrivateRedis start(String... args) {
        return launch(false, List.of(args));
    }

    /** A TLS-only server ({@code --port 0}): certificate, key and the CA that signed it, in PEM files. */
    public static PrivateRedis startTls(Path cert, Path key, Path ca, String... args) {
        List<String> all = new ArrayList<>(List.of("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
        all.addAll(List.of(args));
        return launch(true, all);
    }

    /** Whether redis-server on PATH was built with TLS (Debian's is). */
    public static boolean supportsTls() {
        try {
            Process probe = new ProcessBuilder(binary(), "--tls-port", "1", "--port", "0", "--save", "")
                    .redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes());
            probe.waitFor();
            // A TLS build complains about the missing certificate; one without TLS about the option.
            return out.contains("tls-cert-file") || out.contains("Failed to configure TLS");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static PrivateRedis launch(boolean tls, List<String> extra) {
        try {
            return launch(tls, freePort(), extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateRedis launch(boolean tls, int port, List<String> extra) {
        try {
            Path dir = Files.createTempDirectory("sideline-private-redis");
            List<String> command = new ArrayList<>(List.of(binary(), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()));
            if (tls) {
                command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
            } else {
                command.addAll(List.of("--port", Integer.toString(port)));
            }
            command.addAll(extra);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            PrivateRedis redis = new PrivateRedis(port, dir, List.copyOf(command), process);
            try {
                redis.awaitListening();
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("these tests need redis-server on PATH (Debian/Ubuntu: apt-get install -y redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
