package io.sideline.sample.jobs;

import io.sideline.ee.JobContext;
import io.sideline.sample.records.ExecutionLog;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What every sample job does: takes a sequence tick, works (sleeps) for a while, takes another tick and
 * appends the {@link ExecutionRecord} to its run's list. The ITs check the workflow's order on these records.
 */
@ApplicationScoped
public class Recorder {

    @Inject
    JobContext job;

    @Inject
    ExecutionLog log;

    public void record(String label, long sleepMs) {
        String runId = job.runId();
        long seqStart = log.tick(runId);
        long startMs = System.currentTimeMillis();
        work(sleepMs);
        long endMs = System.currentTimeMillis();
        long seqEnd = log.tick(runId);
        log.append(runId, new ExecutionRecord(label, job.jid(), seqStart, seqEnd, startMs, endMs));
    }

    /** Stands for real work, so that tests can keep jobs in flight. */
    private static void work(long sleepMs) {
        if (sleepMs <= 0) {
            return;
        }
        try {
            Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
            // the server is stopping: fail this attempt so that the job is retried, rather than record it done
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
