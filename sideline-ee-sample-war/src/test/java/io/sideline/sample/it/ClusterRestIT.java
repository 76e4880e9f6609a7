package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.LocalRedisCluster;
import io.sideline.ee.test.liberty.LibertyServer;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample, unchanged, on a Redis Cluster (issue 14): its server is restarted with
 * {@code SIDELINE_REDIS_URL=redis-cluster://...} (a local cluster of six {@code redis-server} processes, three masters
 * with a replica each) and {@code SIDELINE_REDIS_WAIT_REPLICAS=1}, and the seed's workflows, the 8-task graph of
 * {@code Record} jobs (whose execution log is the sample's own keys, on the same cluster) and a template run succeed
 * in graph order, their runs spread over the cluster's shards. The server is then restarted on its usual Redis:
 * whatever happens, {@code server.env} is restored byte for byte before this class ends, so the other ITs see it.
 */
class ClusterRestIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void theSampleRunsItsWorkflowsOnARedisClusterWithAReplicaAcknowledgingEachWrite() {
        byte[] original = ServerEnv.read(SERVER.serverEnv());
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        assertFalse(text.contains("SIDELINE_REDIS_URL"), () -> SERVER.serverEnv() + " already names a Redis (left by an"
                + " interrupted build?): remove it, or run `mvn clean verify`");
        try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
            try {
                // Liberty writes server.env without a final newline
                String onCluster = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                        + "SIDELINE_REDIS_URL=" + cluster.url() + "\nSIDELINE_REDIS_WAIT_REPLICAS=1\n";
                ServerEnv.restartWith(SERVER, API, onCluster.getBytes(StandardCharsets.UTF_8));

                List<String> runIds = new ArrayList<>();
                for (Step workflow : List.of(SampleWorkflows.seedWorkflow(), SampleWorkflows.eightTaskGraph(),
                        SampleWorkflows.eightTaskGraph(), SampleWorkflows.delayedStart())) {
                    runIds.add(prove(workflow));
                }
                JsonObject memory = TemplateRestIT.runToSuccess("{\"doc_id\":\"on-a-cluster\"}");
                assertEquals("on-a-cluster", memory.getString("doc_id"), memory.toString());

                assertTrue(runIds.stream().allMatch(id -> id.matches("s\\d+-.+")),
                        "on a cluster a run id names its shard: " + runIds);
                assertTrue(runIds.stream().map(id -> id.substring(0, id.indexOf('-'))).distinct().count() > 1,
                        "the runs spread over more than one shard: " + runIds);
            } finally {
                ServerEnv.restartWith(SERVER, API, original);
            }
        }
        // and back on the usual Redis
        prove(SampleWorkflows.seedWorkflow());
    }

    /** Runs the workflow to SUCCEEDED and checks its records against it (exactly once, graph order, delays). */
    private static String prove(Step workflow) {
        Instant submittedAt = Instant.now();
        String runId = API.run(workflow);

        JsonObject status = API.awaitFinished(runId, RUN_TIMEOUT);
        assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
        List<ExecutionRecord> records = API.records(runId);
        SampleRecords.dagOf(workflow).submittedAt(submittedAt).check(SampleRecords.executions(records));
        return runId;
    }
}
