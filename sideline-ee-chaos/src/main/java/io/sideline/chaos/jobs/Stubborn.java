package io.sideline.chaos.jobs;

import io.sideline.chaos.ledger.ChaosRedis;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A job that ignores the interrupt of its timeout (1 s): on its first {@code failingAttempts} attempts it waits
 * until the driver sets {@code chaos:release:<label>} (at most {@value #MAX_WAIT_MS} ms), swallowing every
 * interrupt, then returns "successfully", too late: the library failed it and replaced its fetcher meanwhile.
 * Later attempts return at once.
 */
@ApplicationScoped
@SidelineJob(value = "Stubborn", timeoutMs = Stubborn.TIMEOUT_MS)
public class Stubborn {

    public static final long TIMEOUT_MS = 1_000;
    static final String RELEASE = "chaos:release:";
    private static final long MAX_WAIT_MS = 180_000;

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;
    @Inject
    ChaosRedis redis;

    public void perform(String label, Long failingAttempts) {
        Ledger.Execution execution = ledger.start(job, label, null);
        if (job.retryCount() < failingAttempts) {
            long until = System.currentTimeMillis() + MAX_WAIT_MS;
            while (System.currentTimeMillis() < until && !released(label)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    // the job's own (bad) behaviour: it swallows the interrupt and keeps waiting
                }
            }
        }
        ledger.end(execution, null);
    }

    private boolean released(String label) {
        return redis.tryCall(r -> r.exists(RELEASE + label), false);
    }
}
