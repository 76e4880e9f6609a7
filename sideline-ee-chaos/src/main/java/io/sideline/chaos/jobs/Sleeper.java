package io.sideline.chaos.jobs;

import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A job that sleeps past its timeout (1 s) on its first {@code failingAttempts} attempts, answering the interrupt
 * (the library then fails it with {@code JobTimeoutException}), and returns at once afterwards.
 */
@ApplicationScoped
@SidelineJob(value = "Sleeper", timeoutMs = Sleeper.TIMEOUT_MS)
public class Sleeper {

    public static final long TIMEOUT_MS = 1_000;

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;

    public void perform(String label, Long failingAttempts) throws InterruptedException {
        Ledger.Execution execution = ledger.start(job, label, null);
        if (job.retryCount() < failingAttempts) {
            Thread.sleep(60 * TIMEOUT_MS); // the job's own behaviour: a call that hangs, but answers an interrupt
        }
        ledger.end(execution, null);
    }
}
