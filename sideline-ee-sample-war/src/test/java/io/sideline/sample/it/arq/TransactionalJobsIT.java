package io.sideline.sample.it.arq;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.RandomWorkflows;
import io.sideline.sample.it.SampleWorkflows;
import io.sideline.sample.records.ExecutionLog;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

import java.io.File;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs and starts in real JTA transactions on Open Liberty: arqServer's H2 XA datasource behind Liberty's
 * transaction manager (src/test/liberty-arq/configDropins/overrides/jta.xml). A job advances its workflow only
 * after its transaction committed; a start inside a transaction reaches Redis only at its commit.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionalJobsIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "arq.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/sideline-ee-sample-war.war")))
                // SampleWorkflows names the kit's RandomWorkflows
                .addClasses(Await.class, SampleWorkflows.class, RandomWorkflows.class, TxInsert.class, TxEjbInsert.class,
                        TxAttempts.class);
    }

    @Inject
    Workflows workflows;
    @Inject
    ExecutionLog executionLog;
    @Inject
    TxAttempts attempts;
    @Inject
    SidelineConfig config;
    @Resource(lookup = "jdbc/sidelineTx")
    DataSource db;
    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction transaction;

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection connection = db.getConnection(); Statement create = connection.createStatement()) {
            create.execute(TxInsert.TABLE);
        }
    }

    @Test
    void aCommittedJobAdvancesItsWorkflowAndItsRowExists() throws Exception {
        String key = key();
        String runId = workflows.run(chain(job("TxInsert", key, "commit"), record("after-" + key)));

        RunStatus status = awaitEnd(runId);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        assertEquals(1, rows(key), "the job's row committed");
        assertEquals(List.of("after-" + key), labels(runId), "the successor ran");
    }

    @Test
    void aJobThatThrowsRollsBackIsRetriedAndNeverAdvances() throws Exception {
        assertNotAdvanced("throw", "java.lang.IllegalStateException", "failed after the insert (test)");
    }

    @Test
    void aJobWhoseTransactionWasMarkedRollbackOnlyDoesNotAdvance() throws Exception {
        // @Transactional rolls such a transaction back without throwing: only its outcome tells.
        assertNotAdvanced("rollback-only", "io.sideline.ee.TransactionNotCommittedException", "rolled back");
    }

    @Test
    void aJobWhoseCommitFailsDoesNotAdvance() throws Exception {
        assertNotAdvanced("fail-commit", "jakarta.transaction.TransactionalException", "");
    }

    @Test
    void anEjbJobAdvancesOnlyAfterItsContainerManagedTransactionCommitted() throws Exception {
        String key = key();
        String runId = workflows.run(chain(job("TxEjbInsert", key, "commit"), record("after-" + key)));

        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        assertEquals(1, rows(key));
        assertEquals(List.of("after-" + key), labels(runId));
    }

    @Test
    void anEjbJobWhoseContainerManagedTransactionRollsBackSilentlyDoesNotAdvance() throws Exception {
        // The container rolls a rollback-only transaction back and returns normally: only its outcome tells.
        assertNotAdvanced("TxEjbInsert", "rollback-only", "io.sideline.ee.TransactionNotCommittedException", "rolled back");
    }

    private void assertNotAdvanced(String mode, String errorClass, String errorText) throws Exception {
        assertNotAdvanced("TxInsert", mode, errorClass, errorText);
    }

    /** Every attempt (1 + sideline.retry.max=3 in the sample) rolled back; the run failed; no successor ran. */
    private void assertNotAdvanced(String jobName, String mode, String errorClass, String errorText) throws Exception {
        String key = key();
        String runId = workflows.run(chain(job(jobName, key, mode), record("after-" + key)));

        RunStatus status = awaitEnd(runId);

        assertEquals(RunState.FAILED, status.state(), status.toString());
        assertEquals(0, status.jobsDone(), status.toString());
        assertEquals(4, attempts.of(key), "performed, then retried 3 times");
        assertEquals(0, rows(key), "every attempt's insert was rolled back");
        assertEquals(List.of(), labels(runId), "the successor never ran");
        JsonObject dead = deadEntryOf(runId);
        assertEquals(errorClass, dead.getString("error_class"), dead.toString());
        assertTrue(dead.getString("error_message").contains(errorText), dead.toString());
    }

    @Test
    void aRunStartedInATransactionStartsWhenItCommits() throws Exception {
        String key = key();
        transaction.begin();
        String runId = workflows.run(chain(job("TxInsert", key, "commit"), record("after-" + key)));
        boolean visibleBeforeCommit = workflows.status(runId).isPresent();
        transaction.commit();

        assertFalse(visibleBeforeCommit, "status(runId) is empty until the commit");
        assertTrue(workflows.status(runId).isPresent(), "written during the commit");
        assertEquals(RunState.SUCCEEDED, awaitEnd(runId).state());
        assertEquals(List.of("after-" + key), labels(runId));
    }

    @Test
    void aRunStartedInARolledBackTransactionLeavesNothingInRedis() throws Exception {
        String key = key();
        transaction.begin();
        String runId = workflows.run(chain(job("TxInsert", key, "commit"), record("after-" + key)));
        String jid = workflows.enqueue(job("TxInsert", key + "-alone", "commit"));
        transaction.rollback();
        // a run started afterwards, outside any transaction, has gone through the queue and ended
        String later = workflows.run(record("later-" + key));
        assertEquals(RunState.SUCCEEDED, awaitEnd(later).state());

        assertTrue(workflows.status(runId).isEmpty(), "no run hash");
        assertEquals(0, attempts.of(key) + attempts.of(key + "-alone"), "no job ran");
        try (RedisClient redis = redis()) {
            List<String> keys = new java.util.ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = redis.scan(cursor, new ScanParams().match("*" + runId + "*").count(1_000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertEquals(List.of(), keys, "no key names the run");
            for (String queue : redis.smembers(config.redis().keyPrefix() + "queues")) {
                for (String payload : redis.lrange(config.redis().keyPrefix() + "queue:" + queue, 0, -1)) {
                    assertFalse(payload.contains(runId) || payload.contains(jid), "queue " + queue + ": " + payload);
                }
            }
            for (String scheduled : redis.zrange(config.redis().keyPrefix() + "schedule", 0, -1)) {
                assertFalse(scheduled.contains(runId) || scheduled.contains(jid), scheduled);
            }
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private RunStatus awaitEnd(String runId) {
        return Await.until("run " + runId + " to end", RUN_TIMEOUT, () -> workflows.status(runId).orElseThrow(),
                s -> s.state() != RunState.RUNNING);
    }

    private List<String> labels(String runId) {
        return executionLog.list(runId).stream().map(ExecutionRecord::label).toList();
    }

    private int rows(String key) throws SQLException {
        try (Connection connection = db.getConnection()) {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM tx_rows WHERE k = ?")) {
                count.setString(1, key);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                }
            }
        }
    }

    private JsonObject deadEntryOf(String runId) {
        try (RedisClient redis = redis()) {
            return redis.zrange(config.redis().keyPrefix() + "dead", 0, -1).stream()
                    .map(entry -> Json.createReader(new StringReader(entry)).readObject())
                    .filter(entry -> runId.equals(entry.getString("sideline_run_id", null)))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead entry of run " + runId));
        }
    }

    private RedisClient redis() {
        return RedisClient.create(java.net.URI.create(config.redis().url()));
    }
}
