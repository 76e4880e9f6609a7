package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's view of runs. Runs are started through a server's REST API (sideline-ee's {@code Workflows}, the
 * path under test) on whichever server is up; their state is read from Redis ({@code sideline:run:<id>}), so it
 * can be read while every server is down.
 */
final class ChaosApi {

    /** Starting a run waits this long for a server to be up (both may be restarting). */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Fleet fleet;
    private final CampaignRedis redis;
    /** Start attempts that got no run (an error answer, a timeout, a dead server) and were retried. */
    final AtomicLong failedAttempts = new AtomicLong();
    /** Keyed starts answered 200: the key's run existed already (typically an earlier attempt's that timed out). */
    final AtomicLong repeatedAnswers = new AtomicLong();

    ChaosApi(Fleet fleet, CampaignRedis redis) {
        this.fleet = fleet;
        this.redis = redis;
    }

    /** A started run: its id, its tree, and when it was submitted (for delays counted from the start). */
    record Run(String id, Tree tree, long submittedMs) {
        /** The same run, submitted at {@code ms} (an earlier attempt of a keyed start). */
        Run submittedAt(long ms) {
            return new Run(id, tree, Math.min(ms, submittedMs));
        }
    }

    /** Starts {@code tree} on a server that is up, trying others (and waiting) while servers are down. */
    Run run(Tree tree) {
        return run(tree, tree.json());
    }

    /** Starts a tree given as JSON, for inputs the driver's model would not build (its checks then see no jobs). */
    Run runJson(String json) {
        return run(Tree.chain(), json);
    }

    /**
     * Starts {@code tree} with an idempotency key, retrying (on any server) until a server answers 201 or 200: a
     * retried start whose first attempt ran anyway answers that first run's id (200), never a second run.
     */
    Run runWithKey(Tree tree, String idempotencyKey) {
        return run(tree, tree.json(), idempotencyKey);
    }

    private Run run(Tree tree, String json) {
        return run(tree, json, null);
    }

    private Run run(Tree tree, String json, String idempotencyKey) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        // a keyed start may answer the run of an earlier attempt (whose reply was lost): its jobs may have started
        // before the attempt that got the answer, so the run counts as submitted at the first attempt
        long firstAttempt = System.currentTimeMillis();
        String lastError = "no server up";
        while (System.nanoTime() < deadline) {
            List<ChaosServer> candidates = new ArrayList<>(fleet.upServers());
            Collections.shuffle(candidates);
            for (ChaosServer server : candidates) {
                long submitted = System.currentTimeMillis();
                try {
                    HttpResponse<String> response = post(server, json, idempotencyKey);
                    if (idempotencyKey != null && response.statusCode() == 200) {
                        repeatedAnswers.incrementAndGet();
                    }
                    if (response.statusCode() == 201 || (idempotencyKey != null && response.statusCode() == 200)) {
                        return new Run(parse(response.body()).getString("runId"), tree,
                                idempotencyKey == null ? submitted : firstAttempt);
                    }
                    lastError = server + " answered " + response.statusCode() + " " + response.body();
                    failedAttempts.incrementAndGet();
                    if (response.statusCode() == 400) {
                        throw new IllegalArgumentException(lastError + " for " + json);
                    }
                } catch (IOException e) {
                    lastError = server + ": " + e; // killed meanwhile: try another
                    failedAttempts.incrementAndGet();
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("could not start a run within " + RUN_TIMEOUT + ": " + lastError);
    }

    /** POSTs a tree to one server and returns the answer as is (the bad-input scenario looks at 400s). */
    HttpResponse<String> post(ChaosServer server, String treeJson) throws IOException {
        return post(server, treeJson, null);
    }

    /** {@link #post(ChaosServer, String)} with an Idempotency-Key header (null: none). */
    HttpResponse<String> post(ChaosServer server, String treeJson, String idempotencyKey) throws IOException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chaos/api/runs"))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(treeJson));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The run's status hash: state, jobs_total, jobs_done, jobs_failed... Empty map when there is none. */
    Map<String, String> state(String runId) {
        return redis.call(r -> r.hgetAll("sideline:run:" + runId));
    }

    String stateOf(String runId) {
        return state(runId).getOrDefault("state", "MISSING");
    }

    boolean finished(String runId) {
        String state = stateOf(runId);
        return state.equals("SUCCEEDED") || state.equals("FAILED");
    }

    /** The status as the REST API shows it (with {@code stalled}), from a server that is up. */
    Optional<JsonObject> status(ChaosServer server, String runId) {
        return server.get("/chaos/api/runs/" + runId).map(ChaosApi::parse);
    }

    /** The run's memory, field to JSON text. */
    Map<String, String> memory(String runId) {
        return redis.call(r -> r.hgetAll("sl:mem:" + runId));
    }

    static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
