package io.sideline.ee.runtime;

import io.sideline.ee.TransactionNotCommittedException;
import io.sideline.ee.codec.JobPayload;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order of a job's callbacks when its {@code perform} returned inside a JTA transaction: a unit test of the
 * scope's state, driven by hand as the transaction manager would drive it (no JTA here; the real transactions
 * are proven on Open Liberty, {@code TransactionalJobsIT}).
 */
class JobScopeTest {

    private static JobScope performed(Object returned) {
        JobScope scope = JobScope.open(new FetchedJob("raw", JobPayload.builder("Report", "[]", "jid-1", "default")
                .run("run-1", List.of()).build(), "worker-1"));
        scope.close(); // only the thread-local is released; the state under test stays
        assertTrue(scope.claim());
        scope.performed(returned);
        return scope;
    }

    @Test
    void withoutATransactionTheResultIsReadyAtOnce() {
        assertEquals("out", performed("out").result());
    }

    @Test
    void aCommittedTransactionReleasesTheResult() {
        JobScope scope = performed("out");
        scope.awaitCommit();

        assertTrue(scope.transactionEnded(true, "committed"));
        assertEquals("out", scope.result());
    }

    @Test
    void aRolledBackTransactionFailsTheJobNamingTheOutcome() {
        JobScope scope = performed("out");
        scope.awaitCommit();
        scope.transactionEnded(false, "rolled back");

        TransactionNotCommittedException e = assertThrows(TransactionNotCommittedException.class, scope::result);
        assertTrue(e.getMessage().contains("Report jid-1") && e.getMessage().contains("rolled back"), e.getMessage());
    }

    @Test
    void aTransactionStillOpenWhenTheJobReturnedFailsItAndALateCommitChangesNothing() {
        JobScope scope = performed("out");
        scope.awaitCommit();

        TransactionNotCommittedException e = assertThrows(TransactionNotCommittedException.class, scope::result);
        assertTrue(e.getMessage().contains("had not ended"), e.getMessage());
        assertFalse(scope.transactionEnded(true, "committed"), "the worker gave up first: the job will be retried");
        assertThrows(TransactionNotCommittedException.class, scope::result);
    }

    @Test
    void onlyTheFirstClaimCounts() {
        JobScope scope = performed("out");
        assertFalse(scope.claim());
    }
}
