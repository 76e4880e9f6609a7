package io.sideline.ee.engine;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A test job that records its execution; args {@code [label, sleepMs]}, sleepMs optional. */
@SidelineJob
@ApplicationScoped
public class Rec {

    @Inject
    ExecutionLog log;
    @Inject
    JobContext job;

    public void perform(String label, Long sleepMs) throws InterruptedException {
        long seqStart = log.next();
        long startMs = System.currentTimeMillis();
        if (sleepMs != null && sleepMs > 0) {
            Thread.sleep(sleepMs); // the job's own work, not a test synchronisation
        }
        log.add(new ExecutionLog.Entry(job.runId(), label, job.jid(), seqStart, log.next(), startMs,
                System.currentTimeMillis()));
    }
}
