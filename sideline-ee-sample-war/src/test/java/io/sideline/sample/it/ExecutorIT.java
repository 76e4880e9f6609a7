package io.sideline.sample.it;

import io.sideline.ee.test.liberty.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's loops run on the library's own {@code ManagedExecutorService} on Open Liberty (its startup line
 * says so: Liberty processes the {@code @ManagedExecutorDefinition} of a jar in WEB-INF/lib), and REST requests
 * are still answered promptly with {@code sideline.concurrency=40}: 46 loops, 40 of them blocked in BLMOVE at any
 * time, while 8 requests arrive at once, and every loop turns (liveness UP). On Liberty a managed executor has no
 * threads of its own: its tasks run on the server's one thread pool, which also serves HTTP, and which Liberty
 * grows when its threads block (see docs/servers.md); this test is what shows that HTTP is not starved there.
 *
 * <p>Like {@code TemplateEnvDefaultIT}, it restarts the shared server with a changed {@code server.env} and
 * restores it byte for byte (and the server restarted and ready) before it ends.
 */
class ExecutorIT {

    private static final String LIBRARY_EXECUTOR_LINE =
            "sideline: the worker's loops run on ManagedExecutorService java:module/sideline/executor";
    private static final int PARALLEL_REQUESTS = 8;
    /**
     * Far above an answer here (20-400 ms measured, on 2 shared cores), below a starved one, which waits until a
     * blocked loop's thread is free (never) or until Liberty adds threads to its pool.
     */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void theStartupLineNamesTheLibrarysManagedExecutor() {
        String log = SERVER.messagesLog();
        assertTrue(log.contains(LIBRARY_EXECUTOR_LINE), "no line '" + LIBRARY_EXECUTOR_LINE + "' in messages.log");
    }

    @Test
    void restRequestsAnswerPromptlyWhileFortyFetchersBlockOnTheLibrarysExecutor() {
        List<Duration> answers = withFortyFetchers(() -> {
            List<Duration> times = parallelAnswerTimes();
            // and every loop turns: one left waiting in the executor's queue would make liveness DOWN
            HttpResponse<String> live = API.get("health/live");
            assertEquals(200, live.statusCode(), live.body());
            return times;
        });

        Duration slowest = answers.stream().max(Duration::compareTo).orElseThrow();
        assertTrue(slowest.compareTo(PROMPT) < 0, "slowest of " + PARALLEL_REQUESTS + " parallel requests took "
                + slowest.toMillis() + " ms: " + answers);
    }

    /**
     * Restarts the server with {@code sideline.concurrency=40}, checks the startup line and
     * that 40 fetchers started, runs {@code measure}, and restores the server.
     */
    private static <T> T withFortyFetchers(java.util.function.Supplier<T> measure) {
        Path serverEnv = SERVER.serverEnv();
        byte[] original = ServerEnv.read(serverEnv);
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        assertFalse(text.contains("SIDELINE_CONCURRENCY") || text.contains("SIDELINE_EXECUTOR"),
                serverEnv + " already sets SIDELINE_CONCURRENCY or SIDELINE_EXECUTOR (left by an interrupted build?)");
        try {
            String env = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "SIDELINE_CONCURRENCY=40\n";
            ServerEnv.restartWith(SERVER, API, env.getBytes(StandardCharsets.UTF_8));
            String log = SERVER.messagesLog();
            assertTrue(log.contains(LIBRARY_EXECUTOR_LINE), "no line '" + LIBRARY_EXECUTOR_LINE + "' in messages.log");
            assertTrue(log.contains("queues [default] x 40 threads"), "the worker did not start 40 fetchers");
            return measure.get();
        } finally {
            ServerEnv.restartWith(SERVER, API, original);
        }
    }

    /** Sends {@link #PARALLEL_REQUESTS} GETs of a run's status at once; the time each took to answer 404. */
    private static List<Duration> parallelAnswerTimes() {
        // one request first, alone: the REST application starts at its first request, which all would wait for
        assertEquals(404, API.get("sample/api/workflows/warm-up").statusCode());
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<CompletableFuture<Duration>> calls = IntStream.range(0, PARALLEL_REQUESTS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        long start = System.nanoTime();
                        HttpResponse<String> response = API.get("sample/api/workflows/no-such-run-" + i);
                        assertEquals(404, response.statusCode(), response.body());
                        return Duration.ofNanos(System.nanoTime() - start);
                    }, clients)).toList();
            List<Duration> times = calls.stream().map(CompletableFuture::join).toList();
            System.out.println("ExecutorIT: " + PARALLEL_REQUESTS + " parallel requests answered in " + times);
            return times;
        } finally {
            clients.shutdownNow();
        }
    }
}
