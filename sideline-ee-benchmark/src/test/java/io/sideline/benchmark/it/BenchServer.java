package io.sideline.benchmark.it;

import io.sideline.ee.test.liberty.LibertyServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * benchServer, created by the build and started here with {@code bin/server start} (the kit's
 * {@link LibertyServer}), because it must be told the URL of the Redis this test started ({@code SIDELINE_REDIS_URL}
 * in its environment). Its HTTP port was reserved by the build. Any {@code -Dsideline.x.y=v} given to Maven reaches the server as {@code SIDELINE_X_Y}.
 */
final class BenchServer implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** A full-size scenario takes seconds; the server gives up on one after 300 s. */
    private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(400);

    private final LibertyServer liberty;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private boolean started;

    BenchServer(Path wlp, String name, int port) {
        this.liberty = new LibertyServer(wlp, name, COMMAND_TIMEOUT);
        this.port = port;
    }

    /** Starts the server against {@code redisUrl} and waits until the app and its sideline worker are up. */
    void start(String redisUrl) {
        start(redisUrl, Map.of());
    }

    /** As {@link #start(String)}, with more environment variables for the server (the telemetry pass's OTEL_*). */
    void start(String redisUrl, Map<String, String> extraEnv) {
        if (listening()) {
            throw new IllegalStateException("something already listens on the reserved port " + port
                    + " (a leftover server?); refusing to benchmark it");
        }
        Map<String, String> env = new TreeMap<>(sidelineOverrides());
        env.putAll(extraEnv);
        env.put("SIDELINE_REDIS_URL", redisUrl);
        started = true; // close() stops whatever a failed start left running
        liberty.start(env);
        awaitReady(redisUrl);
    }

    /** The effective -Dsideline.* overrides, as the server sees them (for the report). */
    static Map<String, String> sidelineOverrides() {
        Map<String, String> env = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("sideline.") && !key.startsWith("sideline.benchmark"))
                .forEach(key -> env.put(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                        System.getProperty(key)));
        return env;
    }

    /** The server JVM's pid ({@code server status}). */
    long pid() {
        return liberty.pid();
    }

    /** The server's directory (its server.xml, and the optional files it includes). */
    Path dir() {
        return liberty.dir();
    }

    JsonObject post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), SCENARIO_TIMEOUT);
    }

    JsonObject get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        if (started) {
            started = false;
            liberty.stop();
        }
    }

    private void awaitReady(String redisUrl) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonObject jvm = get("api/jvm");
                String redis = jvm.getJsonObject("sideline").getString("redis");
                if (!redisUrl.startsWith(redis.replaceAll("/\\d+$", ""))) {
                    throw new IllegalStateException("the server on port " + port + " uses " + redis
                            + ", not our " + redisUrl + ": a leftover server?");
                }
                HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (live.statusCode() == 200) {
                    return;
                }
                last = new IllegalStateException("health/live: " + live.statusCode() + " " + live.body());
            } catch (IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().contains("leftover")) {
                    throw e;
                }
                last = e;
            } catch (RuntimeException | IOException e) {
                last = new IllegalStateException(e.toString(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("server " + liberty.name() + " not ready within " + READY_TIMEOUT, last);
    }

    private JsonObject send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base() + path);
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/bench/";
    }

    private boolean listening() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
