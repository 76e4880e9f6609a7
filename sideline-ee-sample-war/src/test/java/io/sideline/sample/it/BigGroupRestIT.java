package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.sample.records.ExecutionRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 §1 over REST: a 20,000-job group (20 times what one script call may write) is one POST within the
 * sample's 1 MiB body limit, is launched in bounded steps, released into its successor, and every job runs once,
 * in graph order.
 */
class BigGroupRestIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final int MEMBERS = 20_000;

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void aTwentyThousandJobGroupFitsOneRequestAndEveryJobRunsOnceInOrder() {
        List<Step> members = new ArrayList<>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            members.add(job("Record", "g" + i));
        }
        Step workflow = chain(job("Record", "before"), group(members.toArray(Step[]::new)), job("Record", "after"));
        int bytes = API.toJson(workflow).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 1024 * 1024, "the request fits the 1 MiB body limit: " + bytes + " bytes");

        Instant submittedAt = Instant.now();
        HttpResponse<String> response = post(API.toJson(workflow));
        long postMs = Duration.between(submittedAt, Instant.now()).toMillis();
        assertEquals(201, response.statusCode(), response.body());
        String runId = SampleApi.json(response).getString("runId");
        System.out.printf("BigGroupRestIT: POST of %d bytes, %d jobs answered in %d ms%n", bytes, MEMBERS + 2, postMs);

        assertEquals(SampleApi.SUCCEEDED, API.awaitFinished(runId, Duration.ofMinutes(5)).getString("state"));
        assertEquals(MEMBERS + 2, API.status(runId).getInt("jobsDone"), API.status(runId).toString());
        List<ExecutionRecord> records = API.records(runId);
        SampleRecords.dagOf(workflow).submittedAt(submittedAt).check(SampleRecords.executions(records));
    }

    /**
     * The POST with a longer timeout than {@link SampleApi}'s 30 s: parsing, checking and planning 20,000 jobs in a
     * server whose JIT is still cold, on a shared 2-core box, has taken longer than that.
     */
    private static HttpResponse<String> post(String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("http.port")
                        + "/sample/api/workflows"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
