package io.sideline.chaos.jobs;

import io.sideline.chaos.faults.Arms;
import io.sideline.chaos.faults.CrashPoint;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A poison pill: halts the server that performs it, every time. sideline-ee must stop handing it out after
 * {@code sideline.reaper.max-recoveries} recoveries and bury it in {@code dead} ("worker lost N times").
 */
@ApplicationScoped
@SidelineJob("Poison")
public class Poison {

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;
    @Inject
    Arms arms;

    public void perform(String label) {
        ledger.start(job, label, null);
        arms.halt(CrashPoint.POISON, label);
    }
}
