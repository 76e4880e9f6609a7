package io.sideline.chaos.jobs;

import io.sideline.chaos.ledger.ChaosRedis;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A job without a timeout that hangs until the driver sets {@code chaos:release:<label>}: long past
 * {@code sideline.job.warn-after-ms}, so it must show in its run's status meanwhile.
 */
@ApplicationScoped
@SidelineJob("Hang")
public class Hang {

    private static final long MAX_WAIT_MS = 180_000;

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;
    @Inject
    ChaosRedis redis;

    public void perform(String label, Long unused) throws InterruptedException {
        Ledger.Execution execution = ledger.start(job, label, null);
        long until = System.currentTimeMillis() + MAX_WAIT_MS;
        while (System.currentTimeMillis() < until && !redis.tryCall(r -> r.exists(Stubborn.RELEASE + label), false)) {
            Thread.sleep(100);
        }
        ledger.end(execution, null);
    }
}
