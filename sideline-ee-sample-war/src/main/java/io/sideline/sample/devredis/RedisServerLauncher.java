package io.sideline.sample.devredis;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starts a redis-server binary as a daemon on a free loopback port, persisting nothing. */
final class RedisServerLauncher {

    /** A local redis-server is ready in well under a second; this is for a slow, busy CI machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);

    private RedisServerLauncher() {
    }

    static Optional<Path> findOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Daemonised ({@code --daemonize yes}) so that it is in no process group of the server: it survives a
     * killed server for the next one to reuse, and a Ctrl-C of {@code -Prun} leaves it to the shutdown hook.
     * {@code --save "" --appendonly no}: no dump.rdb, no AOF; a dev Redis lives as long as its server.
     */
    static RedisProcess start(Path binary, String kind, Path dir) {
        int port = freeLoopbackPort();
        String url = "redis://127.0.0.1:" + port;
        Path log = dir.resolve("sideline-sample-redis.log");
        List<String> command = List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "yes", "--pidfile", dir.resolve("sideline-sample-redis.pid").toString(),
                "--logfile", log.toString());
        try {
            Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!launcher.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || launcher.exitValue() != 0) {
                launcher.destroyForcibly();
                throw new IllegalStateException(binary + " did not start; see " + log);
            }
            Map<String, String> info = awaitAnswer(url, log);
            return new RedisProcess(kind, url, Long.parseLong(info.get("process_id")), info.get("run_id"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + binary, e);
        }
    }

    /** The daemon forks and the launcher exits before it listens: poll until it answers. */
    private static Map<String, String> awaitAnswer(String url, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, String>> info = RedisProbe.serverInfo(url);
            if (info.isPresent()) {
                return info.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("redis-server at " + url + " did not answer within " + READY_TIMEOUT
                + "; see " + log);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
