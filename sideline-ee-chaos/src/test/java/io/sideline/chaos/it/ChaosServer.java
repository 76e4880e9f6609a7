package io.sideline.chaos.it;

import io.sideline.ee.test.liberty.LibertyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Liberty server of the campaign, handled as an operator would: {@code bin/server start|stop}, its pid file,
 * {@code kill -9}, {@code kill -STOP/-CONT}, its {@code server.env} and {@code bootstrap.properties}, its logs. The
 * {@code bin/server} commands are the kit's {@link LibertyServer}; this adds the campaign's configuration and HTTP.
 */
final class ChaosServer {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LibertyServer liberty;
    private final int port;

    ChaosServer(String name, int port, Path wlp) {
        this.liberty = new LibertyServer(wlp, name, COMMAND_TIMEOUT);
        this.port = port;
    }

    String name() {
        return liberty.name();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private Path dir() {
        return liberty.dir();
    }

    /**
     * Writes the server's port (bootstrap.properties), JVM options and environment (server.env: sideline-ee's
     * settings as MicroProfile Config environment variables), keeping what {@code liberty:create} put in server.env.
     */
    void configure(Map<String, String> environment) {
        try {
            Path env = dir().resolve("server.env");
            List<String> lines = new ArrayList<>();
            if (Files.exists(env)) {
                Files.readAllLines(env).stream().filter(l -> !l.isBlank())
                        .filter(l -> environment.keySet().stream().noneMatch(k -> l.startsWith(k + "=")))
                        .forEach(lines::add);
            }
            environment.forEach((k, v) -> lines.add(k + "=" + v));
            Files.write(env, lines);
            Files.writeString(dir().resolve("bootstrap.properties"), "http.port=" + port + "\n");
            // C1 only: a restart is part of almost every scenario and takes ~30% less CPU without C2; the chaos
            // jobs mostly sleep, they need no peak performance
            Files.writeString(dir().resolve("jvm.options"), "-XX:TieredStopAtLevel=1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/server start}: returns once Liberty reports the server started (its app may still be starting). */
    void start() {
        liberty.start();
    }

    /** {@code bin/server stop} in the background: a graceful stop (the application stops, the worker drains). */
    Process stopInBackground() {
        return liberty.stopInBackground();
    }

    /** {@code bin/server stop}, whatever it answers (a killed server is "not running"). */
    void stop() {
        liberty.command("stop", Map.of());
    }

    /** The pid of the running server JVM, from Liberty's pid file; empty when it is not running. */
    Optional<Long> pid() {
        return pidFromFile().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar")).orElse(true))
                .map(ProcessHandle::pid);
    }

    /** The pid in Liberty's pid file, whether that JVM still runs or not. */
    Optional<Long> pidFromFile() {
        return liberty.pidFromFile();
    }

    /** Whether /health/ready answers UP (Redis reachable; the application is deployed). */
    boolean ready() {
        return get("/health/ready").map(body -> body.contains("\"UP\"")).orElse(false);
    }

    Optional<String> get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Every messages log of the server (Liberty renames the previous one at each start). */
    String logs() {
        return liberty.logs();
    }

    /** Sends a signal (STOP, CONT) to the server JVM. */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return liberty.name();
    }
}
