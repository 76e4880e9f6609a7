package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.RandomWorkflows;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many random nested workflows at once, each checked against its own graph. The seed is printed; rerun
 * one with {@code mvn verify -Dsample.seed=N} (failsafe hands -D properties to the test JVM).
 */
class RandomWorkflowIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final int WORKFLOWS = 20;
    private static final int MAX_JOBS = 40;
    private static final Duration RUNS_TIMEOUT = Duration.ofSeconds(120);

    private record Submitted(Step workflow, Instant submittedAt, String runId) {
    }

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void randomNestedWorkflowsSubmittedConcurrentlyAllSucceedInGraphOrder() {
        long seed = Long.getLong("sample.seed", System.nanoTime());
        RandomWorkflows trees = SampleWorkflows.randomWorkflows(seed);
        List<Step> workflows = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            workflows.add(trees.next(MAX_JOBS));
        }
        System.out.println("RandomWorkflowIT seed: " + seed + " (" + WORKFLOWS + " workflows, "
                + workflows.stream().mapToInt(Step::jobCount).sum() + " jobs)");

        List<Submitted> runs = submitAllAtOnce(workflows);

        for (Submitted run : runs) {
            String context = "seed " + seed + ", workflow " + API.toJson(run.workflow());
            JsonObject status = API.awaitFinished(run.runId(), RUNS_TIMEOUT);
            assertEquals(SampleApi.SUCCEEDED, status.getString("state"), context + ": " + status);
            try {
                SampleRecords.dagOf(run.workflow()).submittedAt(run.submittedAt())
                        .check(SampleRecords.executions(API.records(run.runId())));
            } catch (AssertionError e) {
                throw new AssertionError(context + "\n" + e.getMessage(), e);
            }
            // the exact count is WorkflowRestIT's concern; here: the status agrees with itself
            assertEquals(status.getJsonNumber("jobsTotal").longValue(), status.getJsonNumber("jobsDone").longValue(),
                    context + ": " + status);
        }
    }

    /** One client thread per workflow, so that the server receives them together. */
    private static List<Submitted> submitAllAtOnce(List<Step> workflows) {
        ExecutorService clients = Executors.newFixedThreadPool(workflows.size());
        try {
            List<CompletableFuture<Submitted>> submissions = workflows.stream()
                    .map(workflow -> CompletableFuture.supplyAsync(
                            () -> new Submitted(workflow, Instant.now(), API.run(workflow)), clients))
                    .toList();
            return submissions.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdownNow();
        }
    }
}
