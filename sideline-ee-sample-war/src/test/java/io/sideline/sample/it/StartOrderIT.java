package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.liberty.LibertyServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, start order: the server started while its Redis port has nothing on it (a power cut, a Redis that
 * boots after the application server) deploys and answers: readiness 503 with the reason, liveness 200 (the
 * worker is "waiting for Redis"), and a POST of a workflow a clear 503 error instead of the 404 of an application
 * that failed to start. Redis is started afterwards (once those answers are checked, well over 15 s after the
 * server's start on this machine), and a run then succeeds without a restart.
 *
 * <p>The server is pointed at that port with an explicit {@code SIDELINE_REDIS_URL} in its {@code server.env}, so
 * no dev Redis is provisioned. As in {@link TemplateEnvDefaultIT}, {@code server.env} is restored byte for byte and
 * the server restarted (and ready) before this class ends, so the other ITs see the usual server.
 */
class StartOrderIT {

    private static final String VARIABLE = "SIDELINE_REDIS_URL";
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);
    /** The worker's longest pause between attempts is 5 s: a run must finish well within this once Redis is up. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void aServerStartedBeforeItsRedisAnswersAndRunsWorkflowsOnceRedisIsUp() throws Exception {
        Path serverEnv = SERVER.serverEnv();
        byte[] original = Files.exists(serverEnv) ? Files.readAllBytes(serverEnv) : null;
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        assertFalse(text.contains(VARIABLE), () -> serverEnv + " already sets " + VARIABLE
                + " (left by an interrupted build?): remove it, or run `mvn clean verify`");
        int port = unusedPort();
        Process redis = null;
        try {
            SERVER.stop();
            write(serverEnv, (text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                    + VARIABLE + "=redis://127.0.0.1:" + port + "\n").getBytes(StandardCharsets.UTF_8));
            SERVER.start();

            Step workflow = chain(record("S-A"), group(record("S-B"), record("S-C")));
            HttpResponse<String> refused = Await.until("the API to answer (not 404: the application deployed)",
                    RESTART_TIMEOUT, () -> API.post("sample/api/workflows", API.toJson(workflow)),
                    r -> r.statusCode() != 404);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(SampleApi.json(refused).getString("error").contains("Redis is unreachable"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.headers().toString());

            HttpResponse<String> ready = API.get("health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("127.0.0.1:" + port) && ready.body().contains("unreachable"), ready.body());
            HttpResponse<String> live = API.get("health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertTrue(live.body().contains("waiting for Redis"), live.body());

            redis = startRedis(port);
            API.awaitReady(RUN_TIMEOUT);
            String runId = API.run(workflow);
            JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);
            assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
            assertTrue(API.get("health/live").body().contains("running"), "the worker did not leave its wait");
        } finally {
            SERVER.stop();
            if (original == null) {
                Files.deleteIfExists(serverEnv);
            } else {
                write(serverEnv, original);
            }
            if (redis != null) {
                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
            }
            SERVER.start();
            API.awaitReady(RESTART_TIMEOUT);
        }
    }

    /** A redis-server from PATH on {@code port}, persisting nothing (its directory is a temporary one). */
    private static Process startRedis(int port) throws IOException {
        Path dir = Files.createTempDirectory("start-order-redis");
        Process process = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Await.until("redis-server to listen on " + port, Duration.ofSeconds(15), () -> listening(port) || !process.isAlive(),
                up -> up);
        assertTrue(process.isAlive(), () -> "redis-server exited: " + read(dir.resolve("redis.log")));
        return process;
    }

    private static boolean listening(int port) {
        try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
